import Foundation

/// Finds themes by name: the user's own in `$XDG_CONFIG_HOME/selfinstruct/themes` (or
/// `~/.config/selfinstruct/themes`) first, then the built-in ones compiled from `themes/`,
/// so the binary works without the themes folder.
public struct ThemeCatalog: Sendable {
    /// The built-in themes, in the order they are offered.
    public static let builtinNames = ["dark", "light", "high-contrast", "mono"]
    /// The theme used when none is asked for.
    public static let defaultName = "dark"
    /// The theme used when NO_COLOR is set or the terminal has no colours.
    public static let monochromeName = "mono"

    /// The folder holding the user's themes, if a home or config folder is known.
    public let userDirectory: String?
    /// Whether NO_COLOR asks for no colours (set and not empty, per no-color.org).
    public let noColorRequested: Bool

    /// A catalog reading the XDG locations and NO_COLOR from `environment`.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        if let config = environment["XDG_CONFIG_HOME"], config.hasPrefix("/") {
            userDirectory = config + "/selfinstruct/themes"
        } else if let home = environment["HOME"], !home.isEmpty {
            userDirectory = home + "/.config/selfinstruct/themes"
        } else {
            userDirectory = nil
        }
        noColorRequested = !(environment["NO_COLOR"] ?? "").isEmpty
    }

    /// The names of every theme on offer: built-in ones, then the user's.
    public func availableNames() -> [String] {
        var names = Self.builtinNames
        if let userDirectory, let files = try? FileManager.default.contentsOfDirectory(atPath: userDirectory) {
            for file in files.sorted() where file.hasSuffix(".toml") {
                let name = String(file.dropLast(5))
                if Self.isValidName(name) && !names.contains(name) { names.append(name) }
            }
        }
        return names
    }

    /// The theme called `name`: the user's file of that name, else the built-in one.
    public func theme(named name: String) throws(ThemeError) -> Theme {
        guard Self.isValidName(name) else {
            throw ThemeError(file: name, problem: "a theme name uses letters, digits, '-' and '_' only")
        }
        if let userDirectory {
            let path = userDirectory + "/" + name + ".toml"
            if FileManager.default.fileExists(atPath: path) { return try Self.theme(atPath: path) }
        }
        if let builtin = Self.builtin(name) { return builtin }
        throw ThemeError(
            file: name,
            problem: "no such theme; available: \(availableNames().joined(separator: ", "))"
                + (userDirectory.map { " (add your own as \($0)/\(name).toml)" } ?? ""))
    }

    /// The theme to start with: mono when NO_COLOR is set or the terminal shows no colours,
    /// else `requested` (or the default).
    public func startupTheme(requested: String?, colorDepth: ColorDepth) throws(ThemeError) -> Theme {
        if noColorRequested || colorDepth == .monochrome { return try theme(named: Self.monochromeName) }
        return try theme(named: requested ?? Self.defaultName)
    }

    /// Loads a theme file; its name is the file name without ".toml".
    public static func theme(atPath path: String) throws(ThemeError) -> Theme {
        let source: String
        do {
            source = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ThemeError(file: path, problem: "cannot read the file (\(error.localizedDescription))")
        }
        let fileName = path.split(separator: "/").last.map(String.init) ?? path
        let name = fileName.hasSuffix(".toml") ? String(fileName.dropLast(5)) : fileName
        return try ThemeLoader.parse(source, name: name, file: path)
    }

    /// A built-in theme, parsed from the copy compiled into the binary.
    public static func builtin(_ name: String) -> Theme? {
        guard let source = builtinSource(name) else { return nil }
        // The built-in themes are checked by the tests; a failure here is a build defect.
        do {
            return try ThemeLoader.parse(source, name: name, file: "themes/\(name).toml", )
        } catch {
            preconditionFailure("built-in theme \(name) does not parse: \(error)")
        }
    }

    /// The default theme (dark).
    public static var defaultTheme: Theme { builtin(defaultName)! }

    /// The TOML text of a built-in theme, as compiled in from `themes/`.
    public static func builtinSource(_ name: String) -> String? {
        let bytes: [UInt8]
        switch name {
        case "dark": bytes = PackageResources.dark_toml
        case "light": bytes = PackageResources.light_toml
        case "high-contrast": bytes = PackageResources.high_contrast_toml
        case "mono": bytes = PackageResources.mono_toml
        default: return nil
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The theme a file's `base = "NAME"` refers to. Only built-in themes qualify, which
    /// keeps inheritance one level deep and free of cycles.
    public static func baseTheme(named name: String) throws(ThemeError) -> Theme {
        guard let theme = builtin(name) else {
            throw ThemeError(file: name, key: "base", problem: "\"\(name)\" is not a built-in theme; base must be one of \(builtinNames.joined(separator: ", "))")
        }
        return theme
    }

    private static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x2D || byte == 0x5F
        }
    }
}
