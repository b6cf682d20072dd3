import Foundation
import Pool
import TestSupport
import Testing

/// Opening a pool whose lock another process holds: refused at once when a writer holds it
/// (its pid in the lock file), waited for when the holder released it but a child forked in
/// that moment still has the descriptor until it execs (the lock file is empty then).
struct PoolLockTests {
    @Test func aLockLingeringWithoutAHolderIsWaitedForAndThePoolOpens() throws {
        try withTemporaryFolder { folder in
            try PoolFile(at: folder.pool).close()
            let lingering = try FileHandle(forWritingTo: URL(fileURLWithPath: folder.pool.path + ".lock"))
            #expect(flock(lingering.fileDescriptor, LOCK_EX | LOCK_NB) == 0)
            // The child execs (its copy closes) while the opener waits.
            DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(300)) { try? lingering.close() }
            let pool = try PoolFile(at: folder.pool)
            try pool.close()
        }
    }

    @Test func aWriterHoldingTheLockIsNamedAtOnce() throws {
        try withTemporaryFolder { folder in
            let pool = try PoolFile(at: folder.pool)
            defer { try? pool.close() }
            do {
                _ = try PoolFile(at: folder.pool)
                Issue.record("a second writer opened the pool")
            } catch {
                #expect("\(error)".contains("open for writing by process \(getpid())"))
            }
        }
    }
}
