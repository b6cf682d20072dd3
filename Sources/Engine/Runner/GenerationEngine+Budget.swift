import Foundation
import LLM
import Pool

extension GenerationEngine {
    /// What the pool has spent over all its runs, this one included (from its spending
    /// ledger, priced with the current price table).
    public var poolSpending: Spending { budgetGuard.pool }

    /// What this engine has spent since it opened the pool.
    public var runSpending: Spending { budgetGuard.run }

    /// The most `request` can use: its prompt at four bytes a token and every token of its
    /// `max_tokens` (256 when it sets none).
    static func ceiling(of request: OutgoingRequest) -> Usage {
        Usage(promptTokens: tokens(inBytes: request.prompt.byteCount), completionTokens: request.parameters.maxTokens ?? 256)
    }

    /// Reserves `request`'s ceiling, or notes the limit it would pass (the run then ends
    /// once the round or batch in progress is written) and returns false. A request of a
    /// batch (`batch`) is priced at the Batch API's discount.
    func admit(_ request: OutgoingRequest, batch: Bool = false) -> Bool {
        guard budgetOverrun == nil else { return false }
        budgetOverrun = budgetGuard.admit(Self.ceiling(of: request), model: admissionModel, batch: batch)
        return budgetOverrun == nil
    }

    /// Counts what an answered (or failed) request used and appends it to the ledger, durably.
    /// An endpoint that reports no usage is counted at four bytes a token of prompt and text.
    /// A request of a batch (`batch`) is marked so in the ledger and priced at its discount.
    func settle(_ arrival: RequestArrival, of request: OutgoingRequest, batch: Bool = false) throws {
        let ceiling = Self.ceiling(of: request)
        guard let reply = arrival.reply else {
            budgetGuard.settle(ceiling, model: admissionModel, used: nil, answeredBy: admissionModel, estimated: false, batch: batch)
            return
        }
        let used = reply.usage ?? Usage(promptTokens: ceiling.promptTokens, completionTokens: Self.tokens(inBytes: reply.text.utf8.count))
        budgetGuard.settle(ceiling, model: admissionModel, used: used, answeredBy: reply.model, estimated: reply.usage == nil, batch: batch)
        do {
            try ledger.append(SpendingLedger.Entry(
                model: reply.model, stage: request.id.stage.rawValue, promptTokens: used.promptTokens,
                completionTokens: used.completionTokens, estimated: reply.usage == nil, at: configuration.now(), batch: batch))
        } catch {
            throw EngineError.pool("\(error)")
        }
        emit(.spent(poolSpending))
    }

    /// Ends the run with `HaltReason.budgetReached` when a request of the round or batch just
    /// finished was held back by the budget.
    func haltIfOverBudget() throws {
        guard let overrun = budgetOverrun else { return }
        budgetOverrun = nil
        throw halt(.budgetReached(overrun))
    }

    private static func tokens(inBytes count: Int) -> Int { (count + 3) / 4 }
}
