import ArgumentParser
import Foundation
import JSONLines
import VerbNoun

/// The verb–noun parse's cost: spaCy's start-up, then N real instructions (Alpaca's) parsed
/// through the parser process with an empty cache, per 1K instructions, wall and CPU (this
/// process and the parser's), and the same N again from the cache.
struct VerbNounBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verbs", abstract: "Verb–noun parse cost per 1K instructions (spaCy in the project's venv).")

    @Argument(help: "Instructions to parse.")
    var count = 1000

    @Option(help: "A JSON array of records with an \"instruction\" (run from the repository's root for the default).")
    var instructions = "../shared/data/alpaca_5000.json"

    func run() throws {
        let records = try JSONRecords.read(path: instructions)
        let texts = Array(records.records.compactMap { $0.value["instruction"]?.stringValue }.prefix(count))
        let folder = try TemporaryFolder(named: "verbs-benchmark")
        defer { folder.remove() }
        let analyzer = VerbNounAnalyzer(cache: VerbNounCache(url: folder.file("pool.verbs.jsonl")))

        print("verb–noun benchmark: \(texts.count) instructions of \(instructions) · CPU: \(Self.cpuModel)")
        print("note: wall-clock figures on a shared 2-core machine; the CPU seconds are steadier.")
        let startup = try seconds { _ = try analyzer.analyze(["Write a poem about the ocean."]) }
        let (selfBefore, childrenBefore) = (cpuSeconds(), Self.childrenCPUSeconds())
        var parsed = 0
        let cold = try seconds { parsed = try analyzer.analyze(texts).parsedCount }
        let (selfCPU, childrenCPU) = (cpuSeconds() - selfBefore, Self.childrenCPUSeconds() - childrenBefore)
        var requests = -1
        let cached = try seconds { requests = try analyzer.analyze(texts).requestCount }
        let perThousand = 1000 / Double(max(1, parsed))
        print("")
        print(String(format: "start-up (install check, load the pipeline, 1 text)  %6.2f s", startup))
        print(String(format: "parse, empty cache: %d texts in %.2f s wall → %.2f s per 1K (%.0f texts/s)", parsed, cold, cold * perThousand, Double(parsed) / cold))
        print(String(format: "  CPU per 1K: parser %.2f s + selfinstruct %.2f s (start-up included once)", childrenCPU * perThousand, selfCPU * perThousand))
        print(String(format: "same texts from the cache: %.3f s, %d requests to the parser", cached, requests))
    }

    /// The CPU time of the children waited for so far (the parser, the install check).
    static func childrenCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_CHILDREN.rawValue, &usage)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// The CPU's model name from /proc/cpuinfo, with the core count.
    static var cpuModel: String {
        let info = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = info.split(separator: "\n").first { $0.hasPrefix("model name") }?
            .split(separator: ":", maxSplits: 1).last?.trimmingCharacters(in: .whitespaces) ?? "unknown"
        return "\(model), \(ProcessInfo.processInfo.activeProcessorCount) cores"
    }
}
