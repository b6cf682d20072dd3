import Foundation

/// Parsed pairs kept beside the pool (`pool.verbs.jsonl` for `pool.jsonl`), one JSON line
/// per distinct text: `{"key": <text hash>, "tag": <parser>, "verb": ..., "noun": ...}`.
/// Appended batch by batch, so an interrupted analysis keeps what it parsed; a torn or
/// unreadable line is parsed again.
public struct VerbNounCache: Sendable {
    /// The cache file.
    public let url: URL

    /// The cache in `url`.
    public init(url: URL) {
        self.url = url
    }

    /// The cache beside the pool at `poolPath`: `x.verbs.jsonl` for `x.jsonl`.
    public init(besidePool poolPath: String) {
        let pool = URL(fileURLWithPath: poolPath)
        url = pool.pathExtension == "jsonl"
            ? pool.deletingPathExtension().appendingPathExtension("verbs.jsonl")
            : pool.appendingPathExtension("verbs.jsonl")
    }

    private struct Line: Codable {
        var key: String
        var tag: String
        var verb: String?
        var noun: String?
    }

    /// The pairs cached under `tag`, by text hash; none when the file does not exist.
    func load(tag: String) -> [String: VerbNounPair] {
        guard let data = try? Data(contentsOf: url) else { return [:] }
        var pairs: [String: VerbNounPair] = [:]
        let decoder = JSONDecoder()
        for line in data.split(separator: UInt8(ascii: "\n")) {
            guard let entry = try? decoder.decode(Line.self, from: line), entry.tag == tag else { continue }
            pairs[entry.key] = VerbNounPair(verb: entry.verb, noun: entry.noun)
        }
        return pairs
    }

    /// Appends `pairs` (text hash and pair) under `tag`.
    func append(_ pairs: [(key: String, pair: VerbNounPair)], tag: String) throws(VerbNounError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var data = Data()
        do {
            for (key, pair) in pairs {
                data.append(try encoder.encode(Line(key: key, tag: tag, verb: pair.verb, noun: pair.noun)))
                data.append(UInt8(ascii: "\n"))
            }
            if !FileManager.default.fileExists(atPath: url.path) {
                _ = FileManager.default.createFile(atPath: url.path, contents: nil)
            }
            let handle = try FileHandle(forWritingTo: url)
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: data)
        } catch {
            throw VerbNounError("could not write the verb–noun cache \(url.path): \(error); check that its folder is writable")
        }
    }
}
