import ArgumentParser
import Foundation
import JSONLines
import Similarity

/// `selfinstruct rouge`: scores JSONL pairs with ROUGE-L, exactly as rouge-score does.
struct RougeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rouge",
        abstract: "Score JSONL pairs with ROUGE-L exactly as the rouge-score package does.",
        discussion: """
            Reads JSON objects with "a" (the target) and "b" (the prediction), one per line, and \
            writes each back with "precision", "recall" and "fmeasure" added, in input order. \
            Nothing is written if any line is malformed.
            """
    )

    @Argument(help: "A JSONL file of pairs (default: standard input).")
    var file: String?

    func run() throws {
        var (records, problems) = try readRecords(file)
        var output: [String] = []
        for record in records {
            guard let a = record.value["a"]?.stringValue, let b = record.value["b"]?.stringValue else {
                problems.append(RecordReadError(location: record.location, message: #"needs string fields "a" and "b""#))
                continue
            }
            var scored = record.value
            let score = RougeL.score(target: a, prediction: b)
            if RougeTokenizer.tokens(of: a).isEmpty || RougeTokenizer.tokens(of: b).isEmpty {
                // rouge-score returns integer zeros when either side has no tokens.
                for key in ["precision", "recall", "fmeasure"] { scored.set(key, .number(0)) }
            } else {
                scored.set("precision", .number(score.precision))
                scored.set("recall", .number(score.recall))
                scored.set("fmeasure", .number(score.fmeasure))
            }
            output.append(scored.jsonText)
        }
        try exitIfProblems(problems.sorted(by: RecordReadError.inFileOrder))
        try OutputFile.write(lines: output, to: nil)
    }
}
