import Foundation
import Pool
@testable import selfinstruct
import Settings
import TestSupport
import Terminal
import Testing
@testable import Workbench

/// Settings made in a session stick: asked once, written to the pool's `pool.toml` by the
/// effect runner with the rest of the file kept, and read back as the next session's.
@Suite("Workbench: settings made in a session stick", .serialized)
struct RememberSettingsTests {
    /// Runs `body` with a harness on the fixture pool and the path of its `pool.toml`.
    private func withHarness(_ body: (inout Harness, URL) async throws -> Void) async throws {
        try await withTemporaryFolder { folder in
            let backend = try Fixture.openBackend(try Fixture.makePool(in: folder))
            var harness = await Harness(backend: backend)
            try await body(&harness, folder.file("pool.toml"))
            await backend.shutDown()
        }
    }

    @Test func aThresholdKeptForThePoolLandsInPoolTomlWithTheRestOfTheFile() async throws {
        try await withHarness { harness, config in
            let before = "# my pool's settings\n[generation]\nseed = 7   # fixed for the paper\nthreshold = 0.7  # upstream's\n\n[endpoint]\nmodel = \"m\"\n"
            try before.write(to: config, atomically: true, encoding: .utf8)
            await harness.press(":threshold 0.65{enter}")
            #expect(harness.state.similarityThreshold == 0.65)
            #expect(harness.state.confirmation?.question == "threshold = 0.65: remember for this pool? (y/n)")
            #expect(try String(contentsOf: config, encoding: .utf8) == before, "nothing is written before the answer")
            await harness.press("y")
            #expect(try String(contentsOf: config, encoding: .utf8)
                == "# my pool's settings\n[generation]\nseed = 7   # fixed for the paper\nthreshold = 0.65  # upstream's\n\n[endpoint]\nmodel = \"m\"\n")
            #expect(harness.state.message?.text.hasPrefix("remembered threshold = 0.65 in ") == true)
            let settings = try ResolvedSettings.resolve(pool: config.deletingPathExtension().appendingPathExtension("jsonl"), environment: [:])
            #expect(settings.recipe.similarityThreshold == 0.65)
        }
    }

    @Test func noKeepsTheThresholdForTheSessionOnlyAndThresholdAloneShowsIt() async throws {
        try await withHarness { harness, config in
            await harness.press(":threshold 0.6{enter}n")
            #expect(harness.state.message?.text == "kept for this session only")
            #expect(!FileManager.default.fileExists(atPath: config.path))
            await harness.press(":threshold{enter}")
            #expect(harness.state.message?.text.contains("threshold 0.6 ") == true, "\(String(describing: harness.state.message))")
            #expect(harness.state.confirmation == nil)
            #expect(harness.commands.filter { if case .remember = $0 { true } else { false } }.isEmpty)
        }
    }

    @Test func aThemeKeptForThePoolGoesUnderWorkbench() async throws {
        try await withHarness { harness, config in
            await harness.send(.themeApplied("light"))
            #expect(harness.state.confirmation?.question == "theme = \"light\": remember for this pool? (y/n)")
            await harness.press("y")
            #expect(try String(contentsOf: config, encoding: .utf8) == "[workbench]\ntheme = \"light\"  # remembered from the workbench\n")
            let settings = try ResolvedSettings.resolve(pool: config.deletingPathExtension().appendingPathExtension("jsonl"), environment: [:])
            #expect(settings.theme == "light")
        }
    }

    @Test func configAndTheWorkbenchResolveTheSameMode() throws {
        try withTemporaryFolder { folder in
            let pool = folder.file("pool.jsonl").path
            let tui = try TuiCommand.parse(["--pool", pool])
            let config = try ConfigCommand.parse(["--pool", pool])
            #expect(try tui.settings().mode == .supervised(maxPending: 20))
            #expect(try config.settings().mode == tui.settings().mode)
            #expect(try config.settings().report.split(separator: "\n").contains { $0.hasPrefix("mode ") && $0.hasSuffix(" supervised  (default)") })
            #expect(try ConfigCommand.parse(["--pool", pool, "--for", "generate"]).settings().mode == .auto)
            try "[generation]\nmode = \"auto\"\n".write(to: folder.file("pool.toml"), atomically: true, encoding: .utf8)
            #expect(try tui.settings().mode == .auto && config.settings().mode == .auto)
        }
    }

    @Test func endpointFlagsGivenToTheWorkbenchAreOfferedUntilThePoolKeepsThem() throws {
        try withTemporaryFolder { folder in
            let pool = folder.file("pool.jsonl").path
            let tui = try TuiCommand.parse(["--pool", pool, "--model", "m2", "--api-key", "sk-never-kept", "--timeout", "30", "--theme", "mono"])
            let unsaved = try tui.unsavedFlags()
            #expect(unsaved == [.model("m2"), .timeout(30), .theme("mono")], "the API key is never offered")
            try SettingsFileEditor.remember(unsaved, in: folder.file("pool.toml"))
            #expect(try tui.unsavedFlags().isEmpty)
            let kept = try String(contentsOf: folder.file("pool.toml"), encoding: .utf8)
            #expect(!kept.contains("sk-never-kept"))
        }
    }
}
