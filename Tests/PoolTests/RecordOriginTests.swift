import Foundation
import Pool
import TestSupport
import Testing

@Suite struct RecordOriginTests {
    /// A generated record answered by `endpoint` (nil: one endpoint set the old way).
    func record(_ id: String, _ status: RecordStatus, endpoint: String?, model: String) -> PoolRecord {
        var record = PoolRecord(id: id, instruction: "Write a short poem about \(id).", status: status, round: 1)
        record.provenance = Provenance(instructionGeneration: ModelCall(
            endpoint: "http://127.0.0.1:9/v1", endpointName: endpoint, model: model, prompt: "1. Tell a joke.\n2.", rawCompletion: " Write"))
        return record
    }

    @Test func openingAPoolReadsEachRecordsEndpointAndModelAndStatsSplitAcceptanceByThem() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let pool = try PoolFile(at: folder.pool, access: .readWrite, seedTasksIfNew: nil)
        _ = try pool.add(contentsOf: [
            record("a", .accepted, endpoint: "fast", model: "llama"), record("b", .rejected, endpoint: "fast", model: "llama"),
            record("c", .accepted, endpoint: "fast", model: "llama"), record("d", .pending, endpoint: "slow", model: "qwen"),
            record("e", .rejected, endpoint: "slow", model: "qwen"), record("f", .accepted, endpoint: nil, model: "old"),
        ])
        try pool.close()
        let reopened = try PoolFile(at: folder.pool, access: .readOnly)
        #expect(reopened.entries.map { $0.origin?.description } == ["fast (llama)", "fast (llama)", "fast (llama)", "slow (qwen)", "slow (qwen)", nil])
        // One shared origin per endpoint and model, not a copy per record.
        #expect(reopened.entries[0].origin === reopened.entries[2].origin)
        let split = PoolStats(reopened).byOrigin
        #expect(split.map(\.summary) == ["fast (llama): 67% accepted (2 of 3 decided)", "slow (qwen): 0% accepted (0 of 1 decided), 1 pending"])
        #expect(PoolStats(reopened).text.contains("acceptance by endpoint (model):\n  fast (llama): 67% accepted"))
    }

    @Test func aDecisionMovesTheRecordBetweenItsOriginsCounts() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        var tally = PoolTally()
        let pending = PoolEntry(summarizing: record("d", .pending, endpoint: "slow", model: "qwen"), line: 1)
        tally.add(pending)
        #expect(tally.stats.byOrigin.map(\.pending) == [1])
        tally.remove(pending)
        tally.add(PoolEntry(summarizing: record("d", .accepted, endpoint: "slow", model: "qwen"), line: 2))
        #expect(tally.stats.byOrigin.map { [$0.accepted, $0.pending] } == [[1, 0]])
        #expect(tally.stats.byOrigin.first?.acceptanceRate == 1)
    }

    @Test func aPoolWithoutNamedEndpointsHasNoSplit() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let pool = try PoolFile(at: folder.pool, access: .readWrite, seedTasksIfNew: nil)
        _ = try pool.add(contentsOf: [record("a", .accepted, endpoint: nil, model: "m")])
        #expect(PoolStats(pool).byOrigin.isEmpty)
        #expect(!PoolStats(pool).text.contains("acceptance by endpoint"))
        try pool.close()
    }
}
