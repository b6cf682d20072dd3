import ArgumentParser
import Foundation
import Pool

/// The workbench on a 100K-record pool it builds in a temporary folder, against the goals
/// of issue 6: the key path (start to first frame, key to frame, render, memory), or
/// resident memory over a long run of generation into that pool. Frames are flushed
/// through an offscreen ncurses screen (terminal output to /dev/null), so the
/// diff-and-write cost is included. Figures are wall-clock times on a shared machine.
struct WorkbenchBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workbench", abstract: "The workbench's key path and its memory over a long generation run.",
        subcommands: [KeyPathBenchmark.self, GenerationMemoryBenchmark.self], defaultSubcommand: KeyPathBenchmark.self)
}

/// The pool both workbench benchmarks open.
struct WorkbenchPoolOptions: ParsableArguments {
    /// Records in the pool.
    @Option(help: "Records in the pool.")
    var records = 100_000

    /// Writes the pool into `folder` (most records accepted or rejected, some pending) and
    /// sets up the offscreen terminal; returns the pool's file and the resident memory
    /// before anything opens it.
    func makePool(in folder: TemporaryFolder) throws -> (url: URL, residentBeforeOpen: Double) {
        OffscreenTerminal.prepare()
        let url = folder.file("pool.jsonl")
        print("workbench benchmark: \(records) records in \(url.path)")
        var pool = SyntheticPool(seed: 7) { $0 % 50 == 0 ? .pending : $0 % 3 == 0 ? .rejected : .accepted }
        try pool.write(records, to: url)
        return (url, ProcessMemory.residentMiB)
    }
}
