import BundledSeeds
import Foundation
import LLM

extension GenerationEngine {
    /// Opens (or creates) the pool at `poolURL` and prepares a client for `endpoint`.
    ///
    /// - Parameters:
    ///   - seedTasksIfNew: seed tasks (seed_tasks.jsonl format) a new or empty pool starts
    ///     with; by default the bundled ones.
    ///   - limits: the client's in-flight and per-minute limits.
    ///   - clock: the client's clock for retry waits (tests inject one that never sleeps).
    ///   - prices: the price table the client and the budget use.
    /// - Throws: `PoolError` if the pool cannot be opened for writing (another writer holds
    ///   it), or its spending ledger cannot be read.
    public init(
        poolURL: URL,
        seedTasksIfNew: String? = BundledSeeds.jsonLines,
        endpoint: EndpointConfiguration,
        configuration: EngineConfiguration = EngineConfiguration(),
        limits: RateLimits = RateLimits(),
        retryPolicy: RetryPolicy = RetryPolicy(),
        prices: PriceTable = PriceTable(),
        clock: any ClientClock = SystemClock()
    ) throws {
        try self.init(poolURL: poolURL, seedTasksIfNew: seedTasksIfNew,
                      endpoints: [NamedEndpoint(name: "default", configuration: endpoint, limits: limits)],
                      namesInProvenance: false, configuration: configuration, retryPolicy: retryPolicy, prices: prices, clock: clock)
    }
}
