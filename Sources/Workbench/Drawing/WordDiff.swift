import Similarity
import Terminal

/// Two versions of a text as one word diff, as `git diff --word-diff` shows it: words only
/// in the old text as `[-removed-]`, words only in the new as `{+added+}`, each in a style
/// of its own, so the change reads in colour and in mono alike.
enum WordDiff {
    /// How removed words look.
    static let removedStyle = Style(.rejected, [.bold])
    /// How added words look.
    static let addedStyle = Style(.accepted, [.bold, .underline])
    /// The most word pairs compared; longer texts show whole, old then new.
    static let cellLimit = 1_000_000

    /// The diff of `old` and `new` (sanitised) as spans.
    static func spans(from old: String, to new: String) -> [StyledSpan] {
        let oldWords = TextSanitizer.singleLine(old).split(separator: " ").map(String.init)
        let newWords = TextSanitizer.singleLine(new).split(separator: " ").map(String.init)
        guard oldWords.count * newWords.count <= cellLimit else {
            return [StyledSpan("[-" + oldWords.joined(separator: " ") + "-]", removedStyle), StyledSpan(" "),
                    StyledSpan("{+" + newWords.joined(separator: " ") + "+}", addedStyle)]
        }
        let common = LongestCommonSubsequence.alignment(oldWords, newWords)
        var spans: [StyledSpan] = []
        func add(_ words: ArraySlice<String>, _ style: Style, _ open: String, _ close: String) {
            guard !words.isEmpty else { return }
            if !spans.isEmpty { spans.append(StyledSpan(" ")) }
            spans.append(StyledSpan(open + words.joined(separator: " ") + close, style))
        }
        var oldStart = 0, newStart = 0
        for (oldPosition, newPosition) in zip(common.first + [oldWords.count], common.second + [newWords.count]) {
            add(oldWords[oldStart..<oldPosition], removedStyle, "[-", "-]")
            add(newWords[newStart..<newPosition], addedStyle, "{+", "+}")
            if oldPosition < oldWords.count { add(oldWords[oldPosition...oldPosition], .text, "", "") }
            oldStart = oldPosition + 1
            newStart = newPosition + 1
        }
        return spans
    }
}
