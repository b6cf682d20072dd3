import ChildProcesses
import DurableFiles
import Foundation
import Testing
import TestSupport
@testable import Pool

/// Kills a writer with SIGKILL at random moments and checks that nothing it acknowledged
/// was lost and that the pool always opens. Timing comes from the child's own progress
/// (the number of acknowledgements read before the kill), never from sleeps.
@Suite struct PoolCrashTests {
    /// The probe executable, built beside the test bundle.
    private static var probe: URL {
        get throws {
            let beside = Bundle.main.bundleURL.deletingLastPathComponent()
            for folder in [Bundle.main.bundleURL, beside, PackageRoot.url.appendingPathComponent(".build/debug")] {
                let candidate = folder.appendingPathComponent("pool-crash-probe")
                if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            }
            throw PoolError.invalidArgument("pool-crash-probe is not built beside \(Bundle.main.bundleURL.path); run `swift build --build-tests`")
        }
    }

    @Test func everyAcknowledgedChangeSurvivesSIGKILL() throws {
        try withTemporaryFolder { folder in
            var random = SplitMix64(seed: UInt64(Date().timeIntervalSince1970))
            var acknowledged: [String: Int] = [:]
            for round in 0..<8 {
                let child = try ChildProcess(executable: try Self.probe.path, arguments: [folder.pool.path, String(random.next() % 1_000_000)],
                                             input: .null, error: .inherit)
                let output = child.output!

                // Read until a random number of acknowledgements has arrived, then kill at once:
                // the child is somewhere in its next write or sync.
                let target = 1 + Int(random.next() % 40)
                var received = Data()
                while received.filter({ $0 == 0x0A }).count < target {
                    let chunk = try POSIXFile.readSome(output, path: "the probe's output")
                    if chunk.isEmpty { break }
                    received.append(contentsOf: chunk)
                }
                child.send(SIGKILL)
                #expect(child.wait() == .signalled(SIGKILL), "round \(round): the probe exited by itself")
                received.append(contentsOf: try POSIXFile.readToEnd(output, path: "the probe's output"))

                for line in String(decoding: received, as: UTF8.self).split(separator: "\n") {
                    let parts = line.split(separator: " ")
                    guard parts.count == 2, let revision = Int(parts[1]) else { continue }
                    acknowledged[String(parts[0])] = max(acknowledged[String(parts[0])] ?? 0, revision)
                }

                let pool = try PoolFile(at: folder.pool)
                #expect(pool.problems.allSatisfy { $0.kind == .tornLastLine }, "round \(round): \(pool.problems)")
                for (id, revision) in acknowledged {
                    let entry = try #require(pool.entry(id), "round \(round): acknowledged record \(id) is missing")
                    #expect(entry.revision >= revision, "round \(round): \(id) acknowledged at revision \(revision), found \(entry.revision)")
                }
                for entry in pool.entries { _ = try pool.record(entry.id) }
                try pool.close()
            }
            #expect(!acknowledged.isEmpty)
        }
    }
}
