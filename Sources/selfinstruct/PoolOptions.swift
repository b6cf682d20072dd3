import ArgumentParser
import Foundation
import Pool

/// The `--pool FILE` option every subcommand that touches a pool takes.
struct PoolOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The pool file.", valueName: "file"))
    var pool: String = "pool.jsonl"

    var url: URL { URL(fileURLWithPath: pool) }

    /// Opens the pool and reports on stderr what was wrong in the file (and where it went).
    func open(_ access: PoolFile.Access) throws -> PoolFile {
        let file = try PoolFile(at: url, access: access)
        for problem in file.problems { StandardError.print("warning: \(problem)") }
        return file
    }
}

/// Writes to stderr, for warnings that must not mix with data on stdout.
enum StandardError {
    static func print(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
