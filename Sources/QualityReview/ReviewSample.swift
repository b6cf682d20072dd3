import JSONLines
import Pool

/// The tasks a review goes through: a seeded random sample of the pool's accepted generated
/// tasks (never seeds), one random instance each, as the paper drew 200 for Table 2. Stored
/// in the review file when first drawn, so records added later change nothing in a review
/// in progress.
public struct ReviewSample: Sendable, Hashable {
    /// The seed it was drawn with.
    public var seed: Int
    /// How many tasks were asked for (the sample is smaller when fewer are eligible).
    public var requested: Int
    /// How many tasks were eligible (accepted, with at least one instance) when it was drawn.
    public var eligible: Int
    /// The items, in review order.
    public var items: [ReviewItem]
    /// When it was drawn, as ISO 8601 text.
    public var time: String

    /// A sample with the given fields.
    public init(seed: Int, requested: Int, eligible: Int, items: [ReviewItem], time: String) {
        self.seed = seed
        self.requested = requested
        self.eligible = eligible
        self.items = items
        self.time = time
    }

    /// The default size, the paper's.
    public static let defaultSize = 200
    /// The default seed.
    public static let defaultSeed = 42

    /// A task that may be drawn: a record and how many instances it has.
    public struct Candidate: Sendable, Hashable {
        /// The record's id.
        public var recordID: String
        /// Its number of instances (at least one).
        public var instances: Int

        /// A candidate with the given fields.
        public init(recordID: String, instances: Int) {
            self.recordID = recordID
            self.instances = instances
        }
    }

    /// A drawn task and the index of its chosen instance.
    public struct Choice: Sendable, Hashable {
        /// The record's id.
        public var recordID: String
        /// The chosen instance's index.
        public var instance: Int
    }

    /// The pool's tasks a sample draws from, in pool order: accepted (so never a seed) and
    /// with at least one instance to judge.
    public static func candidates(in entries: [PoolEntry]) -> [Candidate] {
        entries.compactMap { entry in
            entry.status == .accepted && entry.instanceCount > 0 ? Candidate(recordID: entry.id, instances: entry.instanceCount) : nil
        }
    }

    /// `size` of `candidates` (all of them if fewer), in a random order fixed by `seed`, each
    /// with a random instance: a partial Fisher–Yates shuffle on SplitMix64, the same on
    /// every machine and Swift version.
    public static func choose(from candidates: [Candidate], size: Int, seed: Int) -> [Choice] {
        var generator = SplitMix64(seed: UInt64(bitPattern: Int64(seed)))
        var order = Array(candidates.indices)
        let count = min(max(0, size), order.count)
        var choices: [Choice] = []
        choices.reserveCapacity(count)
        for position in 0..<count {
            order.swapAt(position, position + below(order.count - position, &generator))
            let candidate = candidates[order[position]]
            choices.append(Choice(recordID: candidate.recordID, instance: below(candidate.instances, &generator)))
        }
        return choices
    }

    /// A number in 0..<bound from the next 64 bits (the high word of a 64×64 multiplication,
    /// Lemire's way, rather than the standard library's, which may change between versions).
    private static func below(_ bound: Int, _ generator: inout SplitMix64) -> Int {
        Int(generator.next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// Draws a sample from `pool`: chooses, then reads each chosen record's instance.
    public static func draw(from pool: PoolFile, size: Int, seed: Int, time: String) throws -> ReviewSample {
        let candidates = candidates(in: pool.entries)
        let chosen = try choose(from: candidates, size: size, seed: seed).map { ($0, try pool.record($0.recordID)) }
        return ReviewSample(seed: seed, requested: size, eligible: candidates.count, chosen: chosen, time: time)
    }

    /// A sample of the `chosen` records, their text as read now. A record that lost its
    /// instances since it was chosen (an edit in between) is left out.
    public init(seed: Int, requested: Int, eligible: Int, chosen: [(Choice, PoolRecord)], time: String) {
        var items: [ReviewItem] = []
        for (choice, record) in chosen where record.instances.indices.contains(choice.instance) {
            let instance = record.instances[choice.instance]
            items.append(ReviewItem(number: items.count, recordID: record.id, instance: choice.instance,
                                    instruction: record.instruction, input: instance.input, output: instance.output))
        }
        self.init(seed: seed, requested: requested, eligible: eligible, items: items, time: time)
    }

    /// The header line stored in the review file before the items.
    var json: JSONValue {
        .object([
            "type": .string("sample"), "seed": .number(seed), "requested": .number(requested),
            "eligible": .number(eligible), "items": .number(items.count), "time": .string(time),
        ])
    }
}
