import Foundation
import LLM
import Testing
@testable import Settings

/// Remembered settings written into a config file by line, the rest of the file kept.
@Suite struct SettingsFileEditorTests {
    @Test func aKeySetInItsTableIsReplacedOnItsLineWithItsComment() throws {
        let text = "# top\n[generation]\nthreshold = 0.7 # keep me\nseed = 1\n"
        let edited = try SettingsFileEditor.setting([.threshold(0.6)], in: text, file: "pool.toml")
        #expect(edited == "# top\n[generation]\nthreshold = 0.6  # keep me\nseed = 1\n")
    }

    @Test func aNewKeyGoesAtTheEndOfItsTableBeforeTheNextTable() throws {
        let text = "[endpoint]\nmodel = \"a\"  # the small one\n\n# prices below\n[prices]\n\"a\" = { input = 1, output = 2 }\n"
        let edited = try SettingsFileEditor.setting([.baseURL("http://h/v1"), .maxInFlight(2)], in: text, file: "pool.toml")
        #expect(edited == "[endpoint]\nmodel = \"a\"  # the small one\nbase_url = \"http://h/v1\"  # remembered from the workbench\n"
            + "max_in_flight = 2  # remembered from the workbench\n\n# prices below\n[prices]\n\"a\" = { input = 1, output = 2 }\n")
        let layer = try SettingsFile.parse(edited, file: "pool.toml", folder: "/")
        #expect(layer.prices?["a"] != nil && layer.model == "a" && layer.maxInFlight == 2)
    }

    @Test func aMissingTableIsAddedAtTheEndAndStringsAreEscaped() throws {
        let edited = try SettingsFileEditor.setting([.theme("my \"odd\" theme\\1"), .api(.chat)], in: "# only a comment", file: "pool.toml")
        #expect(edited == "# only a comment\n\n[workbench]\ntheme = \"my \\\"odd\\\" theme\\\\1\"  # remembered from the workbench\n\n"
            + "[endpoint]\napi = \"chat\"  # remembered from the workbench\n")
        let layer = try SettingsFile.parse(edited, file: "pool.toml", folder: "/")
        #expect(layer.theme == "my \"odd\" theme\\1" && layer.api == .chat)
    }

    @Test func aTableWrittenInlineIsLeftAsItWasWithWhatToWriteByHand() throws {
        let text = "generation = { seed = 3 }\n"
        #expect(throws: SettingsError.self) { try SettingsFileEditor.setting([.threshold(0.5)], in: text, file: "pool.toml") }
        do {
            _ = try SettingsFileEditor.setting([.threshold(0.5)], in: text, file: "pool.toml")
        } catch {
            #expect(error.description.contains("[generation] threshold = 0.5"), "\(error)")
        }
    }

    @Test func aFileIsWrittenAtomicallyAndReadBack() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("editor-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("pool.toml")
        try SettingsFileEditor.remember([.timeout(45), .model("m")], in: url)
        let layer = try SettingsFile.read(url)
        #expect(layer.firstByteTimeout == 45 && layer.idleTimeout == 45 && layer.model == "m")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["pool.toml"])
    }

    @Test func theWorkbenchThemeIsASettingWithItsSource() throws {
        #expect(try SettingsFile.parse("[workbench]\ntheme = \"light\"\n", file: "f", folder: "/").theme == "light")
        #expect(throws: SettingsError.self) { try SettingsFile.parse("[workbench]\ncolour = \"x\"\n", file: "f", folder: "/") }
    }

    @Test func theBaseURLIsShownRedactedInTheQuestion() {
        #expect(RememberedSetting.baseURL("https://h/v1?api_key=secret").description.contains("secret") == false)
    }
}
