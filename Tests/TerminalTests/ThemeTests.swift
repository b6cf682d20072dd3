import Foundation
import Terminal
import TestSupport
import Testing

@Suite struct ThemeTests {
    @Test(arguments: ThemeCatalog.builtinNames)
    func builtinThemeParsesAndGivesEveryRole(name: String) throws {
        let source = try #require(ThemeCatalog.builtinSource(name))
        let theme = try ThemeLoader.parse(source, name: name, file: name, base: { name throws(ThemeError) in
            throw ThemeError(file: name, problem: "built-in themes need no base")
        })
        #expect(theme.name == name)
    }

    @Test(arguments: ThemeCatalog.builtinNames)
    func embeddedThemeIsIdenticalToTheFileInThemesFolder(name: String) throws {
        let file = PackageRoot.url.appendingPathComponent("themes/\(name).toml")
        #expect(try String(contentsOf: file, encoding: .utf8) == ThemeCatalog.builtinSource(name))
    }

    @Test func darkThemeHas256ColoursAnd16ColourFallbacks() {
        let accepted = ThemeCatalog.defaultTheme[.accepted]
        #expect(accepted.resolved(for: .full).foreground == 114)
        #expect(accepted.resolved(for: .sixteen).foreground == 2)  // green
        let error = ThemeCatalog.defaultTheme[.error].resolved(for: .eight)
        #expect(error.foreground == 1)  // bright-red becomes red...
        #expect(error.attributes.contains(.bold))  // ...and bold
        #expect(ThemeCatalog.defaultTheme[.text].resolved(for: .full).background == -1)
    }

    @Test func monochromeDepthDropsColoursButKeepsAttributes() {
        let selection = ThemeCatalog.builtin("mono")![.selection].resolved(for: .full)
        #expect(selection == ResolvedLook(foreground: -1, background: -1, attributes: .reverse))
        let title = ThemeCatalog.defaultTheme[.title].resolved(for: .monochrome)
        #expect(title.foreground == -1 && title.attributes == .bold)
    }

    @Test func noColorSelectsTheMonoTheme() throws {
        let catalog = ThemeCatalog(environment: ["NO_COLOR": "1", "HOME": "/nonexistent"])
        #expect(try catalog.startupTheme(requested: "light", colorDepth: .full).name == "mono")
        let emptyNoColor = ThemeCatalog(environment: ["NO_COLOR": "", "HOME": "/nonexistent"])
        #expect(try emptyNoColor.startupTheme(requested: "light", colorDepth: .full).name == "light")
    }

    @Test func terminalWithoutColoursGetsTheMonoTheme() throws {
        let catalog = ThemeCatalog(environment: ["HOME": "/nonexistent"])
        #expect(try catalog.startupTheme(requested: nil, colorDepth: .monochrome).name == "mono")
        #expect(try catalog.startupTheme(requested: nil, colorDepth: .sixteen).name == "dark")
    }

    @Test func userThemesInXdgConfigOverrideAndExtendTheBuiltins() throws {
        let config = FileManager.default.temporaryDirectory.appendingPathComponent("themes-\(UUID().uuidString)")
        let directory = config.appendingPathComponent("selfinstruct/themes")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: config) }
        try """
        base = "light"

        [accepted]
        fg = 34
        fg16 = "bright-green"
        bold = true
        """.write(to: directory.appendingPathComponent("mine.toml"), atomically: true, encoding: .utf8)

        let catalog = ThemeCatalog(environment: ["XDG_CONFIG_HOME": config.path])
        #expect(catalog.availableNames() == ["dark", "light", "high-contrast", "mono", "mine"])
        let theme = try catalog.theme(named: "mine")
        #expect(theme[.accepted] == RoleLook(foreground: .indexed(34), foreground16: .indexed(10), attributes: .bold))
        #expect(theme[.selection] == ThemeCatalog.builtin("light")![.selection])
    }

    @Test func badColourIsReportedWithFileLineAndKey() {
        let source = """
        base = "dark"

        [rejected]
        fg = 300
        """
        #expect {
            try ThemeLoader.parse(source, name: "broken", file: "broken.toml")
        } throws: { error in
            let error = error as! ThemeError
            return error.line == 4 && error.key == "[rejected] fg"
                && error.description.hasPrefix("broken.toml:4: [rejected] fg: colour 300 is out of range")
        }
    }

    @Test func syntaxErrorIsReportedWithTheParsersPosition() {
        #expect {
            try ThemeLoader.parse("[text]\nfg = = 3\n", name: "x", file: "x.toml")
        } throws: { error in
            let error = error as! ThemeError
            return error.line == 2 && error.column != nil && error.description.hasPrefix("x.toml:2:")
        }
    }

    @Test func unknownRoleAndMissingRolesAreNamed() {
        #expect {
            try ThemeLoader.parse("base = \"dark\"\n[acepted]\nfg = 1\n", name: "x", file: "x.toml")
        } throws: { error in
            let error = error as! ThemeError
            return error.line == 2 && error.key == "[acepted]" && error.problem.contains("unknown role")
        }
        #expect {
            try ThemeLoader.parse("[text]\n", name: "x", file: "x.toml")
        } throws: { error in
            (error as! ThemeError).problem.contains("[selection]")
        }
    }

    @Test func baseMustBeABuiltinTheme() {
        #expect {
            try ThemeLoader.parse("# mine\nbase = \"solarized\"\n", name: "mine", file: "mine.toml")
        } throws: { error in
            (error as! ThemeError).description
                == "mine.toml:2: base: \"solarized\" is not a built-in theme; base must be one of dark, light, high-contrast, mono"
        }
    }

    @Test func unknownThemeNameListsTheAvailableOnes() {
        let catalog = ThemeCatalog(environment: ["HOME": "/nonexistent"])
        #expect {
            try catalog.theme(named: "solarized")
        } throws: { error in
            (error as! ThemeError).problem.contains("available: dark, light, high-contrast, mono")
        }
        #expect(throws: ThemeError.self) { try catalog.theme(named: "../../etc/passwd") }
    }
}
