import ArgumentParser
import Foundation
import Pool

/// `selfinstruct check [--repair]`: validates a pool and optionally repairs it.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate the pool: unreadable lines, torn ends, revision order, incomplete records.",
        discussion: "With --repair, unreadable lines move to <pool>.quarantine (byte for byte, with a header naming their line) and the pool is compacted; a record that does not read whole gets a new revision with U+FFFD for its invalid UTF-8 and without provenance or neighbours that still do not read (their values go into its edit history), its line also kept in the quarantine. Nothing is deleted. Exits with status 1 when problems remain."
    )

    @OptionGroup var options: PoolOptions

    @Flag(help: "Move unreadable lines to the quarantine file, rewrite records that do not read whole without what does not read, and compact the pool.")
    var repair = false

    func run() throws {
        let pool = try options.open(repair ? .readWrite : .readOnly, warnOfProblems: false)
        var remaining = repair ? [] : pool.problems.map(\.description)
        if repair {
            for problem in pool.problems { printVisibly("repaired: \(problem)") }
            print(try pool.compact())
        }
        for entry in pool.entries {
            let place = "\(pool.path):\(entry.line)"
            do {
                let record: PoolRecord
                do {
                    record = try pool.record(entry.id)
                } catch where repair {
                    let repair = try pool.repairUnreadableRevision(entry.id)
                    printVisibly("repaired: \(place): '\(entry.id)' did not read whole; \(repair), the line kept in \(pool.path).quarantine")
                    record = try pool.record(entry.id)
                }
                if record.instruction.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                    remaining.append("\(place): '\(entry.id)' has an empty instruction")
                }
                for (index, instance) in record.instances.enumerated()
                where instance.output.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                    remaining.append("\(place): '\(entry.id)' instance \(index) has an empty output")
                }
                if record.status == .rejected && record.why == nil {
                    remaining.append("\(place): '\(entry.id)' is rejected without a reason")
                }
            } catch {
                remaining.append("\(error)")
            }
        }
        try pool.close()
        for problem in remaining { printVisibly("\(problem)") }
        print("\(pool.path): \(pool.entries.count) records in \(pool.lineCount) lines, \(remaining.count) problems")
        if !repair && !pool.problems.isEmpty {
            print("`selfinstruct check --repair --pool \(pool.path)` moves unreadable lines to \(pool.path).quarantine, keeping what reads of their records; nothing is deleted")
        }
        if !remaining.isEmpty { throw ExitCode.failure }
    }
}
