import DurableFiles
import Foundation

/// Writes remembered settings into a config file (the pool's `pool.toml`) line by line, so
/// its comments, its other keys and their order survive: a TOML writer would drop the
/// comments. A key already set in its table is replaced on its line (a comment after it
/// kept); a new one goes at the end of its table, or in a new table at the end of the file,
/// marked `# remembered from the workbench`. The result is read back as the settings reader
/// reads it; a file whose form this cannot edit safely (a table written inline or as dotted
/// keys) is left as it was, with an error saying what to write by hand.
public enum SettingsFileEditor {
    /// The comment after a line this editor added.
    static let mark = "# remembered from the workbench"

    /// Sets `settings` in the config file at `url` (created if missing), atomically.
    /// - Throws: `SettingsError` when the file cannot be read, edited safely or written.
    public static func remember(_ settings: [RememberedSetting], in url: URL) throws(SettingsError) {
        let exists = FileManager.default.fileExists(atPath: url.path)
        let text: String
        do {
            text = exists ? try String(contentsOf: url, encoding: .utf8) : ""
        } catch {
            throw SettingsError(place: url.path, problem: "cannot be read (\(error.localizedDescription)); check its permissions and that it is UTF-8")
        }
        let edited = try setting(settings, in: text, file: url.path)
        do {
            try AtomicFileWriter.write(to: url.path) { try $0.write(edited) }
        } catch {
            throw SettingsError(place: url.path, problem: "cannot be written (\(error)); check the folder's permissions")
        }
    }

    /// `text` with `settings` set, everything else as it was.
    /// - Throws: `SettingsError` when `text` is not a valid config, or when the edit would
    ///   not read back as `settings` (a table this editor does not change in place).
    public static func setting(_ settings: [RememberedSetting], in text: String, file: String) throws(SettingsError) -> String {
        _ = try SettingsFile.parse(text, file: file, folder: "/")
        var lines = text.isEmpty ? [] : text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        for setting in settings { set(setting, in: &lines) }
        let edited = lines.joined(separator: "\n") + "\n"
        let layer: SettingsLayer
        do {
            layer = try SettingsFile.parse(edited, file: file, folder: "/")
        } catch {
            throw refusal(settings, file: file)
        }
        guard settings.allSatisfy({ $0.isSet(in: layer) }) else { throw refusal(settings, file: file) }
        return edited
    }

    private static func refusal(_ settings: [RememberedSetting], file: String) -> SettingsError {
        let wanted = settings.map { "[\($0.table)] \($0.description)" }.joined(separator: ", ")
        return SettingsError(place: file, problem: "was left as it was: its tables are written in a form this cannot change safely (inline or dotted keys); set \(wanted) there by hand")
    }

    /// Sets one key in `lines`: on its line, at the end of its table, or in a new table.
    private static func set(_ setting: RememberedSetting, in lines: inout [String]) {
        let assignment = "\(setting.key) = \(setting.tomlValue)"
        var table: String?
        var lastInTable: Int?
        for (index, line) in lines.enumerated() {
            let text = line.trimmingCharacters(in: .whitespaces)
            if text.hasPrefix("[") {
                table = String(text.drop { $0 == "[" }.prefix { $0 != "]" }).trimmingCharacters(in: .whitespaces)
                if table == setting.table { lastInTable = index }
                continue
            }
            guard table == setting.table else { continue }
            if let comment = comment(ifAssigning: setting.key, text) {
                let indent = line.prefix { $0 == " " || $0 == "\t" }
                lines[index] = indent + assignment + (comment.map { "  " + $0 } ?? "")
                return
            }
            if !text.isEmpty && !text.hasPrefix("#") { lastInTable = index }
        }
        if let lastInTable {
            lines.insert(assignment + "  " + mark, at: lastInTable + 1)
        } else {
            if let last = lines.last, !last.trimmingCharacters(in: .whitespaces).isEmpty { lines.append("") }
            lines += ["[\(setting.table)]", assignment + "  " + mark]
        }
    }

    /// When `text` assigns `key` (bare or quoted), the comment after its value, if any
    /// (`.some(nil)` for none); nil when it assigns something else.
    private static func comment(ifAssigning key: String, _ text: String) -> String?? {
        for spelled in [key, "\"\(key)\""] where text.hasPrefix(spelled) {
            let rest = text.dropFirst(spelled.count).drop { $0 == " " || $0 == "\t" }
            guard rest.first == "=" else { continue }
            var quote: Character?
            var escaped = false
            for index in rest.indices.dropFirst() {
                let character = rest[index]
                if let open = quote {
                    if escaped { escaped = false } else if character == "\\" && open == "\"" { escaped = true } else if character == open { quote = nil }
                } else if character == "\"" || character == "'" {
                    quote = character
                } else if character == "#" {
                    return .some(String(rest[index...]))
                }
            }
            return .some(nil)
        }
        return nil
    }
}
