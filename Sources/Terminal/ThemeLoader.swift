import TOMLKit

/// A theme file that cannot be used: what is wrong and where, for the person who wrote it.
public struct ThemeError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file (or built-in theme) the problem is in.
    public let file: String
    /// The line, when known (1-based).
    public let line: Int?
    /// The column, when the TOML parser gave one (1-based).
    public let column: Int?
    /// The offending key, as "[table] key" or "[table]", when the problem is one key's.
    public let key: String?
    /// What is wrong and what would be right.
    public let problem: String

    /// An error in `file`.
    public init(file: String, line: Int? = nil, column: Int? = nil, key: String? = nil, problem: String) {
        self.file = file
        self.line = line
        self.column = column
        self.key = key
        self.problem = problem
    }

    /// "file:line:column: key: problem", the form editors and terminals link to.
    public var description: String {
        var place = file
        if let line { place += ":\(line)" }
        if let column { place += ":\(column)" }
        if let key { return "\(place): \(key): \(problem)" }
        return "\(place): \(problem)"
    }
}

/// Parses theme files (TOML; the format is described at the top of themes/dark.toml).
public enum ThemeLoader {
    /// The keys a role's table may hold.
    static let roleKeys = Set(["fg", "bg", "fg16", "bg16"]).union(Attributes.named.map(\.name))

    /// Parses a theme named `name` from TOML `source`; `file` names it in errors.
    /// `base` supplies the roles the file leaves out when it says `base = "NAME"` (by
    /// default a built-in theme of that name).
    public static func parse(
        _ source: String, name: String, file: String,
        base: (String) throws(ThemeError) -> Theme = ThemeCatalog.baseTheme(named:)
    ) throws(ThemeError) -> Theme {
        let document: TOMLTable
        do {
            document = try TOMLTable(string: source)
        } catch let error as TOMLParseError {
            throw ThemeError(
                file: file, line: error.source.begin.line, column: error.source.begin.column,
                problem: error.description)
        } catch {
            throw ThemeError(file: file, problem: "\(error)")
        }
        let lines = SourceLines(source)

        var looks: [Role: RoleLook] = [:]
        var baseTheme: Theme?
        for key in document.keys {
            guard let value = document[key] else { continue }
            if key == "base" {
                guard let baseName = value.string else {
                    throw ThemeError(file: file, line: lines.line(of: key, in: nil), key: key,
                                     problem: "expected the name of a built-in theme in quotes, e.g. base = \"dark\"")
                }
                do {
                    baseTheme = try base(baseName)
                } catch {
                    throw ThemeError(file: file, line: lines.line(of: key, in: nil), key: key, problem: error.problem)
                }
                continue
            }
            guard let role = Role(themeKey: key) else {
                throw ThemeError(
                    file: file, line: lines.line(ofTable: key), key: "[\(key)]",
                    problem: "unknown role; the roles are: \(Role.allCases.map(\.themeKey).joined(separator: ", "))")
            }
            guard let table = value.table else {
                throw ThemeError(file: file, line: lines.line(of: key, in: nil), key: key,
                                 problem: "expected a table [\(key)] of colours and attributes")
            }
            looks[role] = try look(from: table, role: role, file: file, lines: lines)
        }

        if let baseTheme {
            for role in Role.allCases where looks[role] == nil { looks[role] = baseTheme[role] }
        } else {
            let missing = Role.allCases.filter { looks[$0] == nil }
            if !missing.isEmpty {
                throw ThemeError(
                    file: file,
                    problem: "missing roles \(missing.map { "[\($0.themeKey)]" }.joined(separator: ", ")); "
                        + "add them, or set base = \"dark\" (or another built-in theme) to inherit them")
            }
        }
        return Theme(name: name, looks: looks)
    }

    private static func look(from table: TOMLTable, role: Role, file: String, lines: SourceLines) throws(ThemeError) -> RoleLook {
        let tableName = role.themeKey
        func failure(_ key: String, _ problem: String) -> ThemeError {
            ThemeError(file: file, line: lines.line(of: key, in: tableName), key: "[\(tableName)] \(key)", problem: problem)
        }
        for key in table.keys where !roleKeys.contains(key) {
            throw failure(key, "unknown key; a role takes \(roleKeys.sorted().joined(separator: ", "))")
        }
        func color(_ key: String, standardOnly: Bool) throws(ThemeError) -> ThemeColor? {
            guard let value = table[key] else { return nil }
            let limit = standardOnly ? 15 : 255
            if let index = value.int {
                guard (0...limit).contains(index) else {
                    throw failure(key, "colour \(index) is out of range; use 0-\(limit), a colour name or \"default\"")
                }
                return .indexed(index)
            }
            if let name = value.string {
                if name == "default" { return .terminalDefault }
                if let index = ThemeColor.standardNames.firstIndex(of: name) { return .indexed(index) }
                throw failure(key, "unknown colour \"\(name)\"; use 0-\(limit), \"default\" or one of \(ThemeColor.standardNames.joined(separator: ", "))")
            }
            throw failure(key, "expected a colour: 0-\(limit), a colour name or \"default\"")
        }
        var attributes: Attributes = []
        for (name, attribute) in Attributes.named {
            guard let value = table[name] else { continue }
            guard let flag = value.bool else { throw failure(name, "expected true or false") }
            if flag { attributes.insert(attribute) }
        }
        return RoleLook(
            foreground: try color("fg", standardOnly: false) ?? .terminalDefault,
            background: try color("bg", standardOnly: false) ?? .terminalDefault,
            foreground16: try color("fg16", standardOnly: true),
            background16: try color("bg16", standardOnly: true),
            attributes: attributes)
    }
}

/// Finds the line of a table header or key in a TOML source, for error messages: TOMLKit
/// reports positions for syntax errors only, not for values that parse but mean nothing.
struct SourceLines {
    private let lines: [Substring]

    init(_ source: String) {
        lines = source.split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// The 1-based line of the header `[table]`.
    func line(ofTable table: String) -> Int? {
        lines.firstIndex { $0.trimmingSpaces == "[\(table)]" }.map { $0 + 1 }
    }

    /// The 1-based line where `key = ...` is set inside `[table]` (nil: before any table).
    func line(of key: String, in table: String?) -> Int? {
        var current: String?
        for (index, line) in lines.enumerated() {
            let text = line.trimmingSpaces
            if text.hasPrefix("[") {
                current = String(text.dropFirst().prefix { $0 != "]" })
                continue
            }
            guard current == table, text.hasPrefix(key) else { continue }
            if text.dropFirst(key.count).trimmingSpaces.hasPrefix("=") { return index + 1 }
        }
        return nil
    }
}

extension Substring {
    fileprivate var trimmingSpaces: Substring {
        var text = self
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" || last == "\r" { text.removeLast() }
        return text
    }
}
