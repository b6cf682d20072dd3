/// Finds the defect flags of a record: those its instances raise (once their summary has been
/// read, see `PoolEntry.instanceSummary`), and `cannotDo`, which the instruction raises when it holds one of the keywords (whole
/// words, case ignored; a keyword of several words matches them in a row).
public struct DefectCheck: Sendable, Hashable {
    /// Upstream's 13 keywords and Alpaca's 5 more, and words for seeing, hearing, browsing
    /// and acting in the world, which a text model cannot do either.
    public static let defaultCannotDoKeywords = [
        "image", "images", "graph", "graphs", "picture", "pictures", "file", "files", "map", "maps", "draw", "plot", "go to",
        "video", "audio", "music", "flowchart", "diagram",
        "photo", "photos", "photograph", "screenshot", "look at", "watch", "listen", "listen to", "hear", "recording",
        "browse", "website", "web page", "webpage", "visit", "click", "download", "upload", "attached", "attachment",
        "search the web", "search online", "phone call", "take a picture",
    ]

    /// The one-word keywords, lower-cased.
    private let singleWords: Set<String>
    /// The keywords of several words, lower-cased, by their first word.
    private let phrases: [String: [[String]]]

    /// The keywords the check looks for, as given.
    public let cannotDoKeywords: [String]

    /// A check with `cannotDoKeywords` (default: `defaultCannotDoKeywords`).
    public init(cannotDoKeywords: [String] = DefectCheck.defaultCannotDoKeywords) {
        self.cannotDoKeywords = cannotDoKeywords
        let keywords = cannotDoKeywords.map { Self.words($0.lowercased()).map(String.init) }.filter { !$0.isEmpty }
        singleWords = Set(keywords.filter { $0.count == 1 }.map { $0[0] })
        phrases = Dictionary(grouping: keywords.filter { $0.count > 1 }, by: { $0[0] })
    }

    /// The flags of the record `entry` summarises: `cannotDo` alone while its instances have
    /// not been read.
    public func flags(of entry: PoolEntry) -> DefectFlags {
        var flags = entry.instanceSummary?.flags ?? DefectFlags()
        if asksForTheImpossible(entry.instruction) { flags.insert(.cannotDo) }
        return flags
    }

    /// Whether `instruction` holds one of the keywords.
    public func asksForTheImpossible(_ instruction: String) -> Bool {
        guard !singleWords.isEmpty || !phrases.isEmpty else { return false }
        let words = Self.lowercasedWords(instruction)
        for (position, word) in words.enumerated() {
            if singleWords.contains(word) { return true }
            guard let candidates = phrases[word] else { continue }
            for phrase in candidates where position + phrase.count <= words.count {
                if phrase.indices.allSatisfy({ words[position + $0] == phrase[$0] }) { return true }
            }
        }
        return false
    }

    /// Runs of letters, digits and apostrophes: the words `\b` would delimit.
    private static func words(_ text: String) -> [Substring] {
        text.split { !($0.isLetter || $0.isNumber || $0 == "'" || $0 == "_") }
    }

    /// `words(text.lowercased())`, by bytes when the text is ASCII (every pool entry's
    /// instruction is checked by a tally or a `flag=` filter: characters are too slow).
    private static func lowercasedWords(_ text: String) -> [String] {
        guard text.utf8.allSatisfy({ $0 < 0x80 }) else { return words(text.lowercased()).map(String.init) }
        var bytes = Array(text.utf8)
        var words: [String] = []
        var start: Int?
        for index in bytes.indices {
            let byte = bytes[index] | (bytes[index] >= UInt8(ascii: "A") && bytes[index] <= UInt8(ascii: "Z") ? 0x20 : 0)
            bytes[index] = byte
            let isWordByte = (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || byte == UInt8(ascii: "'") || byte == UInt8(ascii: "_")
            if isWordByte {
                if start == nil { start = index }
            } else if let first = start {
                words.append(String(decoding: bytes[first..<index], as: UTF8.self))
                start = nil
            }
        }
        if let first = start { words.append(String(decoding: bytes[first...], as: UTF8.self)) }
        return words
    }
}
