import ArgumentParser
import Foundation
import JSONLines
import VerbNoun

/// The verb–noun parse's cost: spaCy's start-up (one text), then N real instructions
/// (Alpaca's) parsed through the parser process with an empty cache, and per 1K instructions
/// beyond the start-up, wall and CPU (the parser's and this process's); then the same N again
/// from the cache.
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

        print("verb–noun benchmark: \(texts.count) instructions of \(instructions) · CPU: \(CPUName.current)")
        print("note: wall-clock figures on a shared 2-core machine; the CPU seconds are steadier.")
        let startupChildren = Self.childrenCPUSeconds()
        let startup = try seconds { _ = try analyzer.analyze(["Write a poem about the ocean."]) }
        let startupCPU = Self.childrenCPUSeconds() - startupChildren
        let (selfBefore, childrenBefore) = (cpuSeconds(), Self.childrenCPUSeconds())
        var parsed = 0
        let cold = try seconds { parsed = try analyzer.analyze(texts).parsedCount }
        let (selfCPU, childrenCPU) = (cpuSeconds() - selfBefore, Self.childrenCPUSeconds() - childrenBefore)
        var requests = -1
        let cached = try seconds { requests = try analyzer.analyze(texts).requestCount }
        let perThousand = 1000 / Double(max(1, parsed))
        print("")
        print(String(format: "start-up (install check, load the pipeline, 1 text)  %.2f s wall, %.2f s CPU", startup, startupCPU))
        print(String(format: "parse, empty cache: %d texts in %.2f s wall, %.2f s parser CPU, start-up included", parsed, cold, childrenCPU))
        print(String(format: "per 1K beyond the start-up: %.2f s wall, %.2f s parser CPU + %.3f s selfinstruct CPU",
                     (cold - startup) * perThousand, (childrenCPU - startupCPU) * perThousand, selfCPU * perThousand))
        print(String(format: "same texts from the cache: %.3f s, %d requests to the parser", cached, requests))
    }

    /// The CPU time of the children waited for so far (the parser, the install check).
    static func childrenCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_CHILDREN.rawValue, &usage)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
}
