import Foundation

/// Runs blocking work (a child process to wait for, a long computation) on a thread of its
/// own and awaits its result. Swift's cooperative pool has as many threads as the machine
/// has cores, two on CI: a test that blocks one of them for a minute holds up every other
/// test's awaits and every in-process fake server, so their clients time out.
public func offThePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread { continuation.resume(with: Result { try work() }) }
        thread.stackSize = 16 << 20
        thread.start()
    }
}

