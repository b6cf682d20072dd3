import Foundation
@testable import Engine
import LLM
@testable import Pool
import TestSupport
import Terminal
import Testing
@testable import Workbench

/// A full disk, in process: the pool's descriptor is pointed at /dev/full (every write
/// fails with ENOSPC, as on a full disk) and pointed back at the pool file to free the space.
/// Only the engine writes through that descriptor, and it reads nothing through it while
/// the disk is full (the seed demonstrations are read before).
private struct FullDisk {
    let descriptor: Int32
    let pool: Int32
    let full: Int32

    init(poolDescriptor: Int32) throws {
        descriptor = poolDescriptor
        pool = dup(poolDescriptor)
        full = open("/dev/full", O_WRONLY | O_CLOEXEC)
        guard pool >= 0, full >= 0, dup2(full, poolDescriptor) >= 0 else { throw POSIXError(.EIO) }
    }

    /// Points the descriptor back at the pool file.
    func free() throws {
        guard dup2(pool, descriptor) >= 0 else { throw POSIXError(.EIO) }
        close(pool)
        close(full)
    }
}

@Suite("Workbench on a full disk", .serialized, .timeLimit(.minutes(5)))
struct WorkbenchFullDiskTests {
    init() {
        setlocale(LC_ALL, "C.UTF-8")
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/dev/full"), "needs /dev/full (Linux)"))
    func aFullDiskShowsThePoolFailingAndSpaceResumesOnceSpaceIsFree() async throws {
        var session = try await LiveSession(width: 400)
        _ = try await session.engine.seeds()
        let disk = try FullDisk(poolDescriptor: await session.engine.withPool { $0.descriptor })
        session.server.enqueue(.stream(.init(body: FakeLLMServer.StreamScript.completion(scriptedPieces))))
        await session.backend.start()
        await session.pump { state in
            if case .poolFailing = state.generation.health { state.generation.phase == .paused } else { false }
        }
        let poolPath = session.folder.file("pool.jsonl").path
        #expect(session.statusBar.contains("✗ the pool could not be updated: ") && session.statusBar.contains(poolPath), "\(session.statusBar)")
        #expect(session.statusBar.contains("No space left on device (errno 28); free some space and try again. Free space"), "\(session.statusBar)")
        #expect(session.statusBar.contains("Free space or fix the file's permissions, then resume"))
        // The round waits in memory; the pool file is as it was.
        #expect(try generatedInstructions(session).isEmpty)
        #expect(session.harness.state.entry("r1-0-0") == nil)

        try disk.free()
        await session.harness.press(" ")
        await session.pump { $0.entry("r1-0-3") != nil }
        #expect(session.harness.state.counts[.pending] == 3)
        #expect(!session.harness.state.generation.health.isFailing, "\(session.harness.state.generation.health)")
        #expect(!session.statusBar.contains("✗"), "\(session.statusBar)")
        #expect(session.statusBar.contains("3 pending"))
        #expect(session.server.requests.count == 1)
        await session.quit()
        #expect(try generatedInstructions(session) == [
            "Describe the water cycle in simple words.", "Explain how a rainbow forms after a storm.",
            "Name three famous painters from Spain and their works.", "Plot the sales of the last year in a chart.",
        ])
        #expect(try session.poolOnDisk().problems.isEmpty)
        await session.finish()
    }
}
