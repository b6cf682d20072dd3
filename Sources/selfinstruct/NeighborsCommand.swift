import ArgumentParser
import JSONLines
import Similarity

/// `selfinstruct neighbors`: the nearest pool instructions of given texts, by ROUGE-L F.
struct NeighborsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "neighbors",
        abstract: "Print the instructions of a pool most similar to each TEXT (ROUGE-L F).",
        aliases: ["neighbours"]
    )

    @Option(help: "The pool (its seed, accepted and pending records), or any JSONL/JSON file of records with an \"instruction\".")
    var pool: String = "pool.jsonl"

    @Option(name: .short, help: "How many neighbours to print per text.")
    var k: Int = 10

    @Argument(help: "The texts to look up.")
    var texts: [String]

    func validate() throws {
        guard k >= 1 else { throw ValidationError("-k must be at least 1") }
        guard !texts.isEmpty else { throw ValidationError("give at least one TEXT") }
    }

    func run() throws {
        let (records, problems) = try readRecords(pool)
        try exitIfProblems(problems)
        // A pool keeps revisions of a record under one id; the latest revision wins, and
        // rejected candidates are not part of the pool a new candidate is compared with.
        var latestByID: [String: Int] = [:]
        var instructions: [(id: String, text: String, rejected: Bool)] = []
        for record in records {
            guard let text = record.value["instruction"]?.stringValue else { continue }
            let id = record.value["id"]?.stringValue ?? record.location
            let entry = (id, text, record.value["status"]?.stringValue == "rejected")
            if let existing = latestByID[id] {
                instructions[existing] = entry
            } else {
                latestByID[id] = instructions.count
                instructions.append(entry)
            }
        }
        let index = NearestNeighbourIndex()
        for instruction in instructions where !instruction.rejected { index.add(instruction.text, id: instruction.id) }
        for (text, search) in zip(texts, index.search(texts, k: k)) {
            printVisibly(text)
            print("  max \(Self.score(search.maxFMeasure)) · mean \(search.meanFMeasure.map(Self.score) ?? "not computed") over \(search.comparedCount)")
            for neighbour in search.neighbours {
                printVisibly("  \(Self.score(neighbour.fmeasure))  \(neighbour.text)  [\(neighbour.id)]")
            }
        }
    }

    static func score(_ value: Double) -> String {
        let thousandths = Int((value * 1000).rounded())
        let digits = String(thousandths % 1000)
        return "\(thousandths / 1000)." + String(repeating: "0", count: 3 - digits.count) + digits
    }
}
