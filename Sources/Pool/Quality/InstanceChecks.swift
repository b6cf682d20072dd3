import Foundation

/// The defect checks on one instance's text (see `DefectFlag` for what each one means).
struct InstanceChecks {
    let input: Substring
    let output: Substring

    init(input: String, output: String) {
        self.input = input.trimmingWhitespace
        self.output = output.trimmingWhitespace
    }

    /// The flags the instance raises on its own. Each check starts with a byte-level test
    /// that rules most texts out, since every entry of a pool is checked when it opens.
    var flags: DefectFlags {
        var flags = DefectFlags()
        if output.isEmpty { flags.insert(.emptyOutput) }
        if isOutputInInput { flags.insert(.outputInInput) }
        if carriesTask { flags.insert(.taskInOutput) }
        if Self.isPlaceholder(input) { flags.insert(.placeholderInput) }
        if Self.isURL(input) { flags.insert(.urlInput) }
        return flags
    }

    /// Equal to the input (case ignored), or three words or more found in it: a short label
    /// of a classification task often appears in its input on purpose. (An output of more
    /// bytes than its input is taken as neither, whatever lower-casing would do to either.)
    private var isOutputInInput: Bool {
        guard !output.isEmpty, !input.isEmpty, output.utf8.count <= input.utf8.count else { return false }
        let haystack = Array(input.lowercased().utf8), needle = Array(output.lowercased().utf8)
        if haystack == needle { return true }
        guard needle.count < haystack.count, PoolTally.wordCount(String(output)) >= 3 else { return false }
        return haystack.firstRange(of: needle) != nil
    }

    /// A line of the output that starts another task.
    private var carriesTask: Bool {
        guard output.utf8.contains(where: { $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: "#") }) else { return false }
        return output.split(whereSeparator: \.isNewline).contains { line in
            let text = line.drop { $0 == " " || $0 == "\t" }
            if text.hasPrefix("### ") { return true }
            for label in ["instruction", "task"] {
                guard text.count > label.count, text.prefix(label.count).lowercased() == label else { continue }
                let rest = text.dropFirst(label.count).drop { $0 == " " }.drop(while: \.isNumber)
                if rest.hasPrefix(":") { return true }
            }
            return false
        }
    }

    /// `N/A`, `None`, `<noinput>` and their kin, in any case, brackets or quotes.
    static func isPlaceholder(_ input: Substring) -> Bool {
        guard !input.isEmpty, input.utf8.count <= 80, input.count <= 40 else { return false }
        var text = input.lowercased()
        for label in ["input:", "input :"] where text.hasPrefix(label) { text = String(text.dropFirst(label.count)) }
        let wrapping = CharacterSet(charactersIn: "<>()[]{}\"'`.* \t")
        text = text.trimmingCharacters(in: wrapping)
        return placeholders.contains(text)
    }

    private static let placeholders: Set<String> = [
        "n/a", "na", "n.a", "none", "null", "nil", "nothing", "empty", "-", "--", "noinput", "no input", "no-input", "no_input",
        "no input required", "no input needed", "not applicable", "no input is required", "no input necessary",
    ]

    /// One word that is a web address.
    static func isURL(_ input: Substring) -> Bool {
        guard let first = input.utf8.first, [UInt8(ascii: "h"), UInt8(ascii: "f"), UInt8(ascii: "w")].contains(first | 0x20) else { return false }
        let head = input.prefix(8).lowercased()
        guard ["http://", "https://", "ftp://", "www."].contains(where: { head.hasPrefix($0) && input.count > $0.count }) else { return false }
        return !input.contains(where: \.isWhitespace)
    }

    /// Whether the output is mostly in another script than `expected` (the instruction's),
    /// unless the instruction asks for a translation or names the output's language.
    func isOutput(outOf expected: Script, for instruction: String) -> Bool {
        guard let script = Script.dominant(in: output), script != expected else { return false }
        let lower = instruction.lowercased()
        return !(Script.translationWords + script.languageNames).contains { lower.contains($0) }
    }
}

/// The writing systems the script check tells apart.
enum Script: Int, Sendable, Hashable, CaseIterable {
    case latin, cjk, cyrillic, greek, arabic, hebrew, devanagari

    /// The script of more than half of the text's letters, nil when there are fewer than three
    /// letters or no script has a majority.
    static func dominant(in text: some StringProtocol) -> Script? {
        var asciiLetters = 0
        var isASCII = true
        for byte in text.utf8 {
            if byte >= 0x80 { isASCII = false; break }
            if (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") { asciiLetters += 1 }
        }
        if isASCII { return asciiLetters >= 3 ? .latin : nil }
        var counts = SIMD8<Int32>()
        var letters: Int32 = 0
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                guard (0x41...0x5A).contains(scalar.value) || (0x61...0x7A).contains(scalar.value) else { continue }
                letters += 1
                counts[Script.latin.rawValue] += 1
                continue
            }
            guard scalar.properties.isAlphabetic else { continue }
            letters += 1
            if let script = script(of: scalar.value) { counts[script.rawValue] += 1 }
        }
        guard letters >= 3, let best = allCases.max(by: { counts[$0.rawValue] < counts[$1.rawValue] }),
              counts[best.rawValue] * 2 > letters else { return nil }
        return best
    }

    private static func script(of value: UInt32) -> Script? {
        switch value {
        case 0x00C0...0x024F, 0x1E00...0x1EFF: .latin
        case 0x0370...0x03FF, 0x1F00...0x1FFF: .greek
        case 0x0400...0x052F: .cyrillic
        case 0x0590...0x05FF: .hebrew
        case 0x0600...0x06FF, 0x0750...0x077F: .arabic
        case 0x0900...0x097F: .devanagari
        case 0x1100...0x11FF, 0x3040...0x30FF, 0x3130...0x318F, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xAC00...0xD7AF, 0xF900...0xFAFF,
             0x20000...0x2FA1F: .cjk
        default: nil
        }
    }

    /// Words that ask for text in another language.
    static let translationWords = ["translat", "transliterat", "romaniz", "翻译", "翻譯", "翻訳", "번역"]

    /// Lower-cased names of languages written in the script.
    var languageNames: [String] {
        switch self {
        case .latin: ["english", "french", "spanish", "german", "italian", "portuguese", "latin", "pinyin", "romaji", "英文", "英语", "英語", "영어"]
        case .cjk: ["chinese", "mandarin", "cantonese", "japanese", "korean", "kanji", "hiragana", "katakana", "hangul", "中文", "日本語", "한국어"]
        case .cyrillic: ["russian", "ukrainian", "bulgarian", "serbian", "cyrillic"]
        case .greek: ["greek"]
        case .arabic: ["arabic", "persian", "farsi", "urdu"]
        case .hebrew: ["hebrew", "yiddish"]
        case .devanagari: ["hindi", "sanskrit", "marathi", "nepali", "devanagari"]
        }
    }
}

extension String {
    /// The text without whitespace or newlines at either end.
    var trimmingWhitespace: Substring {
        let start = firstIndex { !$0.isWhitespace } ?? endIndex
        let end = lastIndex { !$0.isWhitespace }.map(index(after:)) ?? start
        return self[start..<end]
    }
}
