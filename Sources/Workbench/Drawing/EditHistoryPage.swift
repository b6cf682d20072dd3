import Foundation
import Pool
import Terminal

/// The `h` overlay's text: a record's changes, newest first, each with when it happened (in
/// local time) and what it changed; instruction changes as word diffs.
enum EditHistoryPage {
    /// The page for `record`, times shown in `timeZone`.
    static func make(_ record: PoolRecord, timeZone: TimeZone) -> ScrolledPage {
        let title = "History of \(record.id) · \(record.edits.count) change(s), newest first · j/k scroll · Esc closes"
        guard !record.edits.isEmpty else {
            return ScrolledPage(title: title, paragraphs: [[StyledSpan("no changes yet: \(record.id) is as it was written (revision \(record.revision))", Style(.dimText))]])
        }
        var paragraphs: [[StyledSpan]] = []
        for edit in record.edits.reversed() {
            if !paragraphs.isEmpty { paragraphs.append([]) }
            paragraphs.append([StyledSpan(time(edit.at, timeZone) + " · " + fieldName(edit.field), Style(.dimText))])
            paragraphs.append(change(edit))
        }
        return ScrolledPage(title: title, paragraphs: paragraphs)
    }

    /// `2026-12-01 18:40:12`, in `timeZone`.
    static func time(_ date: Date, _ timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d:%02d", parts.year!, parts.month!, parts.day!, parts.hour!, parts.minute!, parts.second!)
    }

    private static func fieldName(_ field: String) -> String {
        switch field {
        case "is_classification": "classification"
        case "undo": "undo"
        default: field.replacingOccurrences(of: "_", with: " ")
        }
    }

    /// What an edit changed, as one paragraph.
    private static func change(_ edit: Edit) -> [StyledSpan] {
        switch (edit.field, edit.before, edit.after) {
        case ("instruction", .string(let old), .string(let new)):
            return WordDiff.spans(from: old, to: new)
        case ("undo", let from, let to):
            return [StyledSpan("back to revision \(describe(to)) (undoing revision \(describe(from)))")]
        case ("instances", .array(let old), .array(let new)):
            return [StyledSpan("\(old.count) → \(new.count) instance(s); outputs or inputs changed")]
        default:
            return [StyledSpan(describe(edit.before), WordDiff.removedStyle), StyledSpan(" → "), StyledSpan(describe(edit.after), WordDiff.addedStyle)]
        }
    }

    /// A JSON value as people read it: strings bare, null as "—".
    private static func describe(_ value: JSONValue) -> String {
        switch value {
        case .null: return "—"
        case .string(let text): return TextSanitizer.singleLine(text, columns: 200)
        case .number(let text): return text
        case .bool(let flag): return flag ? "yes" : "no"
        default:
            let data = (try? JSONEncoder().encode(value)) ?? Data()
            return TextSanitizer.singleLine(String(decoding: data, as: UTF8.self), columns: 200)
        }
    }
}
