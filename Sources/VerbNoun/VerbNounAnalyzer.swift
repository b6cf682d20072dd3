import Foundation

/// What an analysis is doing, for a status line: installing spaCy (the installer's words),
/// or parsing.
public enum VerbNounProgress: Sendable, Hashable {
    /// Setting up the parser; the text says what (the first use installs spaCy).
    case preparing(String)
    /// `done` of `total` texts that were not cached are parsed.
    case parsing(done: Int, total: Int)
}

/// The pairs of a set of instructions, and what it took to get them.
public struct VerbNounAnalysis: Sendable {
    /// Each distinct text's pair.
    public let pairs: [String: VerbNounPair]
    /// How many texts were parsed (the rest came from the cache).
    public let parsedCount: Int
    /// How many batches were sent to the parser.
    public let requestCount: Int
}

/// Finds the verb–noun pairs of instructions: from the cache when it has them, else from
/// one parser process (started only when something is missing), in batches, each batch
/// cached as soon as it is parsed. Blocking: run it on a thread of its own.
public struct VerbNounAnalyzer: Sendable {
    /// Where pairs are cached.
    public let cache: VerbNounCache
    /// Where the parser comes from.
    public let source: Source
    /// Texts per request.
    public let batchSize: Int

    /// Where the parser comes from.
    public enum Source: Sendable {
        /// spaCy in this venv, installed on first use.
        case spacy(SpacyEnvironment)
        /// Another process speaking the parser's protocol (a stand-in in tests).
        case process(ParserLaunch)
    }

    /// An analyzer caching in `cache`, parsing with `source` in batches of `batchSize`.
    public init(cache: VerbNounCache, source: Source = .spacy(SpacyEnvironment()), batchSize: Int = 250) {
        self.cache = cache
        self.source = source
        self.batchSize = max(1, batchSize)
    }

    /// The pairs of `texts` (duplicates parsed once), reporting progress as it goes.
    /// - Throws: `VerbNounError` when spaCy cannot be installed or the parser fails; what
    ///   was parsed before stays cached.
    public func analyze(_ texts: [String], progress: (VerbNounProgress) -> Void = { _ in }) throws(VerbNounError) -> VerbNounAnalysis {
        let launch = switch source {
        case .spacy(let environment): environment.parser
        case .process(let launch): launch
        }
        let cached = cache.load(tag: launch.tag)
        var pairs: [String: VerbNounPair] = [:]
        var missing: [(text: String, key: String)] = []
        for text in texts where pairs[text] == nil {
            let key = TextHash.key(text)
            if let pair = cached[key] {
                pairs[text] = pair
            } else {
                pairs[text] = VerbNounPair(verb: nil, noun: nil)  // replaced once parsed
                missing.append((text, key))
            }
        }
        guard !missing.isEmpty else { return VerbNounAnalysis(pairs: pairs, parsedCount: 0, requestCount: 0) }
        if case .spacy(let environment) = source {
            progress(.preparing("checking spaCy in \(environment.venv.path) (the first use installs it from PyPI)"))
            try environment.install { progress(.preparing($0)) }
            progress(.preparing("loading the spaCy pipeline"))
        }
        let parser = try ParserProcess(launch)
        defer { parser.close() }
        var done = 0
        progress(.parsing(done: 0, total: missing.count))
        for start in stride(from: 0, to: missing.count, by: batchSize) {
            let batch = missing[start..<min(start + batchSize, missing.count)]
            let parsed = try parser.parse(batch.map(\.text))
            for (item, pair) in zip(batch, parsed) { pairs[item.text] = pair }
            try cache.append(zip(batch, parsed).map { ($0.key, $1) }, tag: launch.tag)
            done += batch.count
            progress(.parsing(done: done, total: missing.count))
        }
        return VerbNounAnalysis(pairs: pairs, parsedCount: missing.count, requestCount: parser.requests)
    }
}
