import Foundation
import Testing
@testable import Engine
import LLM
import Pool
import TestSupport

/// A dollar per generated token, prompts free.
private let dollarPerToken = PriceTable(["fake-model": TokenPrice(inputPerMillion: 0, outputPerMillion: 1_000_000)])

@Suite struct BudgetTests {
    @Test func requestsOnTheWireCountAtTheirMostUntilTheyAnswer() {
        var guardian = BudgetGuard(budget: Budget(maxCost: 5), prices: dollarPerToken, before: Spending())
        let ceiling = Usage(promptTokens: 100, completionTokens: 3)
        #expect(guardian.admit(ceiling, model: "fake-model") == nil)
        // $3 reserved: a second $3 request would pass $5 while the first is on the wire.
        let overrun = guardian.admit(ceiling, model: "fake-model")
        #expect(overrun == BudgetOverrun(measure: .cost, perRun: false, limit: 5, spent: 3, next: 3))
        #expect(overrun?.description == "the pool's max_cost of $5.0000 would be passed: $3.0000 spent, the next request may cost up to $3.0000")
        guardian.settle(ceiling, model: "fake-model", used: Usage(promptTokens: 100, completionTokens: 1), answeredBy: "fake-model", estimated: false)
        #expect(guardian.admit(ceiling, model: "fake-model") == nil)
        #expect(guardian.pool.cost == 1 && guardian.run.totalTokens == 101)
    }

    @Test func theSpentFigureBeforeTheRunCountsAgainstThePoolButNotTheRun() {
        var before = Spending()
        before.add(Usage(promptTokens: 0, completionTokens: 4), model: "fake-model", prices: dollarPerToken)
        var guardian = BudgetGuard(budget: Budget(maxCost: 10, maxCostPerRun: 2), prices: dollarPerToken, before: before)
        #expect(guardian.admit(Usage(promptTokens: 0, completionTokens: 2), model: "fake-model") == nil)
        #expect(guardian.admit(Usage(promptTokens: 0, completionTokens: 1), model: "fake-model")?.perRun == true)
        var poolOnly = BudgetGuard(budget: Budget(maxCost: 5), prices: dollarPerToken, before: before)
        #expect(poolOnly.admit(Usage(promptTokens: 0, completionTokens: 2), model: "fake-model")?.spent == 4)
    }

    @Test func batchRequestsAreAdmittedAndCountedAtHalfPrice() {
        var guardian = BudgetGuard(budget: Budget(maxCost: 4), prices: dollarPerToken, before: Spending())
        let ceiling = Usage(promptTokens: 100, completionTokens: 4)
        // $4 at the list price, $2 through the Batch API: two fit where one live one would.
        #expect(guardian.admit(ceiling, model: "fake-model", batch: true) == nil)
        #expect(guardian.admit(ceiling, model: "fake-model", batch: true) == nil)
        #expect(guardian.admit(ceiling, model: "fake-model", batch: true)?.spent == 4)
        guardian.settle(ceiling, model: "fake-model", used: Usage(promptTokens: 100, completionTokens: 2), answeredBy: "fake-model", estimated: false, batch: true)
        #expect(guardian.run.cost == 1)
    }

    @Test func theLedgerMarksBatchAnswersAndItsTotalsPriceThemAtHalf() throws {
        try withTemporaryFolder { folder in
            let ledger = SpendingLedger(forPool: folder.pool)
            try ledger.append(SpendingLedger.Entry(model: "fake-model", stage: "instructions", promptTokens: 10, completionTokens: 4, estimated: false, at: Date()))
            try ledger.append(SpendingLedger.Entry(model: "fake-model", stage: "instructions", promptTokens: 10, completionTokens: 6, estimated: false, at: Date(),
                                                   batch: true))
            let lines = try String(contentsOfFile: ledger.path, encoding: .utf8).split(separator: "\n")
            #expect(!lines[0].contains("batch") && lines[1].contains(#""batch":true"#))
            let totals = try ledger.totals()
            #expect(totals.byModel["fake-model"]?.completionTokens == 10)
            #expect(totals.batchByModel["fake-model"]?.completionTokens == 6)
            let spending = Spending(totals, prices: dollarPerToken)
            #expect(spending.cost == 4 + 3)
            #expect(spending.totalTokens == 30)
        }
    }

    @Test func stagesStopBeforeARequestCouldPassTheRunsBudget() async throws {
        let h = try await RunnerHarness()
        h.server.enqueue(.completion(text: StageRetryTests.threeInstructions, completionTokens: 1))
        let generating = try h.engine(prices: dollarPerToken)
        try await generating.run(.rounds(1))
        try await generating.close()

        // Classification asks for 3 tokens ($3 at most); each answer uses 1.
        h.server.enqueue(.completion(text: " No", completionTokens: 1), .completion(text: " Yes", completionTokens: 1),
                         .completion(text: " No", completionTokens: 1))
        let engine = try h.engine(budget: Budget(maxCostPerRun: 5), prices: dollarPerToken)
        #expect(await engine.poolSpending.cost == 1)
        #expect(try await engine.classify() == StageSummary(asked: 3, updated: 3, classification: 1))
        let received = h.server.receivedCount
        // An instance request may use 300 or 350 tokens: none fits in what is left.
        var halt: HaltReason?
        do {
            _ = try await engine.generateInstances()
        } catch {
            halt = (error as? EngineError)?.haltReason
        }
        #expect(halt?.budgetOverrun?.perRun == true && halt?.budgetOverrun?.measure == .cost)
        #expect(halt?.description.hasPrefix("generation stopped at the budget: this run's max_cost_per_run of $5.0000 would be passed: $3.0000 spent") == true)
        #expect(h.server.receivedCount == received)
        #expect(await engine.runSpending.cost == 3)
        #expect(await engine.poolSpending.cost == 4)
        try await engine.close()

        let records = try h.generated()
        #expect(records.map(\.isClassification) == [false, true, false])
        #expect(records.allSatisfy { $0.provenance?.instanceGeneration == nil && $0.instances.isEmpty })
        let ledger = try String(contentsOf: h.folder.file("pool.spending.jsonl"), encoding: .utf8).split(separator: "\n")
        #expect(ledger.map { $0.contains(#""stage":"instructions""#) } == [true, false, false, false])
        #expect(ledger.filter { $0.contains(#""stage":"classification""#) && $0.contains(#""completion_tokens":1"#) }.count == 3)
        await h.finish()
    }
}
