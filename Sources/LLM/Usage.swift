/// Tokens one request used, as the server counted them.
public struct Usage: Sendable, Equatable, Hashable {
    /// Tokens in the prompt.
    public var promptTokens: Int
    /// Tokens generated.
    public var completionTokens: Int

    /// Usage counts.
    public init(promptTokens: Int, completionTokens: Int) {
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
    }

    /// Prompt plus completion tokens.
    public var totalTokens: Int { promptTokens + completionTokens }

    /// Adds two requests' usage.
    public static func + (a: Usage, b: Usage) -> Usage {
        Usage(promptTokens: a.promptTokens + b.promptTokens, completionTokens: a.completionTokens + b.completionTokens)
    }
}

/// The price of a model's tokens, per million, in whatever currency the table uses.
public struct TokenPrice: Sendable, Equatable {
    /// Price of a million prompt tokens.
    public var inputPerMillion: Double
    /// Price of a million generated tokens.
    public var outputPerMillion: Double

    /// A price.
    public init(inputPerMillion: Double, outputPerMillion: Double) {
        self.inputPerMillion = inputPerMillion
        self.outputPerMillion = outputPerMillion
    }
}

/// Prices by model name. Configurable rather than built in, since providers change them;
/// a model matches its exact name, else the longest name that is a prefix of it
/// ("gpt-4o-mini" prices "gpt-4o-mini-2024-07-18"). Unknown models cost 0.
public struct PriceTable: Sendable, Equatable {
    /// Model name → price.
    public var prices: [String: TokenPrice]

    /// A table.
    public init(_ prices: [String: TokenPrice] = [:]) {
        self.prices = prices
    }

    /// The price for `model`, if the table has one.
    public func price(for model: String) -> TokenPrice? {
        if let exact = prices[model] { return exact }
        return prices.filter { model.hasPrefix($0.key) }.max { $0.key.count < $1.key.count }?.value
    }

    /// What `usage` of `model` costs; through the Batch API (`batch`), half of that, as
    /// OpenAI prices batches.
    public func cost(of usage: Usage, model: String, batch: Bool = false) -> Double {
        guard let price = price(for: model) else { return 0 }
        let full = (Double(usage.promptTokens) * price.inputPerMillion + Double(usage.completionTokens) * price.outputPerMillion) / 1_000_000
        return batch ? full * Self.batchShare : full
    }

    /// The share of the list price a Batch API request costs.
    public static let batchShare = 0.5
}

/// Running totals over every request a client finished.
public struct UsageTotals: Sendable, Equatable {
    /// Requests that finished with an answer (fanned-out requests count one each).
    public var requests = 0
    /// Of those, how many came without usage counts (llama.cpp streams, say).
    public var requestsWithoutUsage = 0
    /// Prompt tokens in all.
    public var promptTokens = 0
    /// Generated tokens in all.
    public var completionTokens = 0
    /// Cost in all.
    public var cost = 0.0

    /// Empty totals.
    public init() {}

    mutating func add(_ usage: Usage?, cost: Double) {
        requests += 1
        if let usage {
            promptTokens += usage.promptTokens
            completionTokens += usage.completionTokens
        } else {
            requestsWithoutUsage += 1
        }
        self.cost += cost
    }
}
