import ArgumentParser
import Foundation
import Pool

/// The `--pool FILE` option every subcommand that touches a pool takes.
struct PoolOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The pool file.", valueName: "file"))
    var pool: String = "pool.jsonl"

    var url: URL { URL(fileURLWithPath: pool) }

    /// Opens the pool and, unless the command reports them itself, warns on stderr of what
    /// was wrong in the file (and where it went).
    func open(_ access: PoolFile.Access, warnOfProblems: Bool = true) throws -> PoolFile {
        let file = try PoolFile(at: url, access: access)
        if warnOfProblems {
            for problem in file.problems { printError("warning: \(problem)") }
        }
        return file
    }
}
