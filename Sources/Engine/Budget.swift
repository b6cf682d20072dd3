import LLM
import Pool

/// Limits on what a pool and a run may spend (`[budget]` in the config, `--max-cost` and
/// friends on the command line). Cost is in the currency of the `[prices]` table (USD in our
/// examples); a model the table does not price costs 0, so only the token limits hold it.
/// A model the table prices is priced on a local endpoint too (a proxy on localhost may
/// forward to a paid API), although the client's running totals count local usage as free.
public struct Budget: Sendable, Hashable {
    /// The most the pool may cost over all its runs (`max_cost`).
    public var maxCost: Double?
    /// The most tokens, prompt plus generated, the pool may use over all its runs
    /// (`max_tokens_total`).
    public var maxTokens: Int?
    /// The most one run may cost (`max_cost_per_run`).
    public var maxCostPerRun: Double?
    /// The most tokens one run may use (`max_tokens_per_run`).
    public var maxTokensPerRun: Int?

    /// A budget; no limit by default.
    public init(maxCost: Double? = nil, maxTokens: Int? = nil, maxCostPerRun: Double? = nil, maxTokensPerRun: Int? = nil) {
        self.maxCost = maxCost
        self.maxTokens = maxTokens
        self.maxCostPerRun = maxCostPerRun
        self.maxTokensPerRun = maxTokensPerRun
    }
}

/// Tokens and their cost: what a pool or a run has spent.
public struct Spending: Sendable, Hashable {
    /// Prompt tokens.
    public var promptTokens = 0
    /// Generated tokens.
    public var completionTokens = 0
    /// The tokens priced per model with the price table.
    public var cost = 0.0
    /// Answered requests.
    public var requests = 0
    /// Of those, how many had estimated token counts (the endpoint reported none).
    public var estimatedRequests = 0

    /// Nothing spent.
    public init() {}

    /// A ledger's totals, priced with `prices` (Batch API tokens at its discount).
    public init(_ totals: SpendingLedger.Totals, prices: PriceTable) {
        for (model, usage) in totals.byModel {
            let batched = totals.batchByModel[model] ?? TokenUsage(promptTokens: 0, completionTokens: 0)
            promptTokens += usage.promptTokens
            completionTokens += usage.completionTokens
            cost += prices.cost(of: Usage(promptTokens: usage.promptTokens - batched.promptTokens,
                                          completionTokens: usage.completionTokens - batched.completionTokens), model: model)
            cost += prices.cost(of: Usage(promptTokens: batched.promptTokens, completionTokens: batched.completionTokens), model: model, batch: true)
        }
        requests = totals.requests
        estimatedRequests = totals.estimatedRequests
    }

    /// Prompt plus generated tokens.
    public var totalTokens: Int { promptTokens + completionTokens }

    /// Adds one answered request's `usage` of `model` (through the Batch API: `batch`).
    public mutating func add(_ usage: Usage, model: String, prices: PriceTable, estimated: Bool = false, batch: Bool = false) {
        promptTokens += usage.promptTokens
        completionTokens += usage.completionTokens
        cost += prices.cost(of: usage, model: model, batch: batch)
        requests += 1
        if estimated { estimatedRequests += 1 }
    }

    /// The spent figure, budget left and cost per accepted instruction, as `stats` prints them.
    public func report(budget: Budget, acceptedInstructions: Int) -> String {
        var lines = ["spent: \(totalTokens) tokens (\(promptTokens) prompt, \(completionTokens) generated) in \(requests) requests, "
            + Self.money(cost) + (estimatedRequests > 0 ? "; \(estimatedRequests) requests without usage counted at 4 bytes a token" : "")]
        var left: [String] = []
        if let maxCost = budget.maxCost { left.append(Self.money(max(0, maxCost - cost)) + " of max_cost " + Self.money(maxCost)) }
        if let maxTokens = budget.maxTokens { left.append("\(max(0, maxTokens - totalTokens)) tokens of max_tokens_total \(maxTokens)") }
        lines.append("budget left: " + (left.isEmpty ? "no pool budget set ([budget] max_cost, max_tokens_total)" : left.joined(separator: "; ")))
        lines.append("cost per accepted instruction: "
            + (acceptedInstructions == 0 ? "none accepted yet" : Self.money(cost / Double(acceptedInstructions)) + " (\(acceptedInstructions) accepted)"))
        return lines.joined(separator: "\n") + "\n"
    }

    /// `$0.0123`: four decimals, since a run on a small model costs fractions of a cent.
    static func money(_ amount: Double) -> String {
        "$" + String(format: "%.4f", amount)
    }
}

/// Which limit a request would have passed, with the figures, for `HaltReason.budgetReached`.
public struct BudgetOverrun: Sendable, Hashable, CustomStringConvertible {
    /// Whether the limit is on money or tokens.
    public enum Measure: Sendable, Hashable { case cost, tokens }

    /// Money or tokens.
    public var measure: Measure
    /// The pool's limit (over all runs) or this run's.
    public var perRun: Bool
    /// The limit.
    public var limit: Double
    /// Spent so far, with the requests still on the wire counted at their most.
    public var spent: Double
    /// The most the refused request could have added.
    public var next: Double

    /// E.g. `the pool's max_cost of $0.0100 would be passed: $0.0093 spent, the next request may cost up to $0.0012`.
    public var description: String {
        let key = switch (measure, perRun) {
        case (.cost, false): "max_cost"
        case (.tokens, false): "max_tokens_total"
        case (.cost, true): "max_cost_per_run"
        case (.tokens, true): "max_tokens_per_run"
        }
        let show: (Double) -> String = { measure == .cost ? Spending.money($0) : "\(Int($0)) tokens" }
        let verb = measure == .cost ? "cost" : "use"
        return "\(perRun ? "this run's" : "the pool's") \(key) of \(show(limit)) would be passed: \(show(spent)) spent, "
            + "the next request may \(verb) up to \(show(next))"
    }

    /// The flag that raises this limit.
    var flag: String {
        switch (measure, perRun) {
        case (.cost, false): "--max-cost"
        case (.tokens, false): "--max-tokens-total"
        case (.cost, true): "--max-cost-per-run"
        case (.tokens, true): "--max-tokens-per-run"
        }
    }
}

/// Keeps a run inside its budget: a request is sent only if the spending so far, the
/// requests on the wire and this one, each counted at its most (the prompt at four bytes a
/// token plus its whole `max_tokens`), stay within every limit. Once an answer arrives, its
/// reported (or estimated) usage replaces the reservation.
struct BudgetGuard: Sendable {
    let budget: Budget
    let prices: PriceTable
    /// What the pool had spent before this run (from its ledger).
    let before: Spending
    /// What this run has spent.
    private(set) var run = Spending()
    /// Tokens and cost reserved for requests on the wire.
    private var reservedTokens = 0
    private var reservedCost = 0.0

    init(budget: Budget, prices: PriceTable, before: Spending) {
        self.budget = budget
        self.prices = prices
        self.before = before
    }

    /// The pool's spending: before this run plus this run.
    var pool: Spending {
        var total = before
        total.promptTokens += run.promptTokens
        total.completionTokens += run.completionTokens
        total.cost += run.cost
        total.requests += run.requests
        total.estimatedRequests += run.estimatedRequests
        return total
    }

    /// The limit `estimate` of `model` would pass, or nil after reserving it; a Batch API
    /// request (`batch`) is priced at its discount.
    mutating func admit(_ estimate: Usage, model: String, batch: Bool = false) -> BudgetOverrun? {
        let tokens = Double(estimate.totalTokens)
        let cost = prices.cost(of: estimate, model: model, batch: batch)
        let checks: [(BudgetOverrun.Measure, Bool, Double?, Double, Double)] = [
            (.cost, false, budget.maxCost, before.cost + run.cost + reservedCost, cost),
            (.tokens, false, budget.maxTokens.map(Double.init), Double(before.totalTokens + run.totalTokens + reservedTokens), tokens),
            (.cost, true, budget.maxCostPerRun, run.cost + reservedCost, cost),
            (.tokens, true, budget.maxTokensPerRun.map(Double.init), Double(run.totalTokens + reservedTokens), tokens),
        ]
        for (measure, perRun, limit, spent, next) in checks {
            if let limit, spent + next > limit {
                return BudgetOverrun(measure: measure, perRun: perRun, limit: limit, spent: spent, next: next)
            }
        }
        reservedTokens += estimate.totalTokens
        reservedCost += cost
        return nil
    }

    /// A request reserved as `estimate` of `model` ended: its reservation is freed and what
    /// it used (nil for a failed request) is counted.
    mutating func settle(_ estimate: Usage, model: String, used: Usage?, answeredBy answering: String, estimated: Bool, batch: Bool = false) {
        reservedTokens -= estimate.totalTokens
        reservedCost -= prices.cost(of: estimate, model: model, batch: batch)
        if let used { run.add(used, model: answering, prices: prices, estimated: estimated, batch: batch) }
    }
}
