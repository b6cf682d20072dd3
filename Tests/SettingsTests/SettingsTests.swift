import Foundation
import Testing
import Engine
import LLM
import Pool
@testable import Settings

@Suite struct SettingsTests {
    /// A folder with a pool path and a user config path, removed afterwards.
    final class Folder {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("settings-tests-\(UUID().uuidString)")
        init() throws { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(at: url) }
        var pool: URL { url.appendingPathComponent("pool.jsonl") }
        var user: URL { url.appendingPathComponent("user.toml") }
        func write(_ name: String, _ text: String) throws { try text.write(to: url.appendingPathComponent(name), atomically: true, encoding: .utf8) }
    }

    @Test func defaultsAreTheLocalModel() throws {
        let folder = try Folder()
        let settings = try ResolvedSettings.resolve(pool: folder.pool, environment: [:], userConfig: folder.user)
        #expect(settings.endpoint.baseURL == EndpointConfiguration.localModelURL)
        #expect(settings.endpoint.model == EndpointConfiguration.localModelName)
        #expect(settings.usesDefaultEndpoint)
        #expect(settings.entries.allSatisfy { $0.source == .default })
        #expect(settings.rateLimits == RateLimits(maxInFlight: 8))
        #expect(settings.seed == 42 && settings.promptsPerRound == 5 && settings.recipe.similarityThreshold == 0.7)
    }

    @Test func rejectReasonsComeFromThePoolConfigOrTheDefaults() throws {
        let folder = try Folder()
        #expect(try ResolvedSettings.resolve(pool: folder.pool, environment: [:], userConfig: folder.user).rejectReasons
            == ["too vague", "unsafe", "wrong", "duplicate"])
        try folder.write("pool.toml", "[review]\nreject_reasons = [\"off topic\", \"harmful\"]\n")
        let settings = try ResolvedSettings.resolve(pool: folder.pool, environment: [:], userConfig: folder.user)
        #expect(settings.rejectReasons == ["off topic", "harmful"])
        #expect(settings.entries.first { $0.name == "review.reject_reasons" }?.source == .pool)
        try folder.write("pool.toml", "[review]\nreject_reasons = [\"a\", \"a\"]\n")
        #expect(throws: SettingsError.self) { try ResolvedSettings.resolve(pool: folder.pool, environment: [:], userConfig: folder.user) }
        try folder.write("pool.toml", "[review]\nreject_reasons = \"vague\"\n")
        do {
            _ = try ResolvedSettings.resolve(pool: folder.pool, environment: [:], userConfig: folder.user)
            Issue.record("a reason list that is not a list was taken")
        } catch {
            #expect("\(error)".contains("pool.toml:2") && "\(error)".contains("reject_reasons"))
        }
    }

    @Test func flagsBeatEnvironmentBeatPoolBeatUser() throws {
        let folder = try Folder()
        try folder.write("user.toml", """
            [endpoint]
            base_url = "http://user.example/v1"
            model = "user-model"
            api = "chat"
            max_in_flight = 3
            [generation]
            seed = 9
            threshold = 0.6
            templates = "my-templates"
            """)
        try folder.write("pool.toml", """
            [endpoint]
            model = "pool-model"
            requests_per_minute = 100
            [endpoint.headers]
            OpenAI-Organization = "org-1"
            [prices]
            "pool-model" = { input = 1.5, output = 2 }
            [generation]
            mode = "supervised"
            max_pending = 7
            seed = 11
            """)
        var flags = SettingsLayer()
        flags.seed = 13
        let settings = try ResolvedSettings.resolve(
            pool: folder.pool, flags: flags, environment: ["OPENAI_MODEL": "env-model"], userConfig: folder.user)
        #expect(settings.endpoint.baseURL == "http://user.example/v1")
        #expect(settings.endpoint.model == "env-model")
        #expect(settings.endpoint.api == .chat)
        #expect(settings.endpoint.extraHeaders == ["OpenAI-Organization": "org-1"])
        #expect(settings.rateLimits == RateLimits(maxInFlight: 3, requestsPerMinute: 100))
        #expect(settings.prices == PriceTable(["pool-model": TokenPrice(inputPerMillion: 1.5, outputPerMillion: 2)]))
        #expect(settings.mode == .supervised(maxPending: 7))
        #expect(settings.seed == 13)
        #expect(settings.recipe.similarityThreshold == 0.6)
        #expect(settings.templates == folder.url.appendingPathComponent("my-templates").path)
        let sources = Dictionary(uniqueKeysWithValues: settings.entries.map { ($0.name, $0.source) })
        #expect(sources["base_url"] == .user && sources["model"] == .environment && sources["mode"] == .pool
                && sources["seed"] == .flag && sources["recipe"] == .default)
        #expect(!settings.usesDefaultEndpoint)
    }

    @Test func normalizeDefaultsToFirstLetterAndThePoolConfigCanAskForUpstream() throws {
        let folder = try Folder()
        let defaults = try ResolvedSettings.resolve(pool: folder.pool, environment: [:], userConfig: folder.user)
        #expect(defaults.recipe.casing == .firstLetter)
        #expect(defaults.entries.contains { $0.name == "normalize" && $0.value == "first-letter" && $0.source == .default })
        try folder.write("pool.toml", "[generation]\nnormalize = \"upstream\"\n")
        let upstream = try ResolvedSettings.resolve(pool: folder.pool, environment: [:], userConfig: folder.user)
        #expect(upstream.recipe.casing == .pythonCapitalize)
        #expect(upstream.entries.contains { $0.name == "normalize" && $0.value == "upstream" && $0.source == .pool })
        var flags = SettingsLayer()
        flags.recipe = .alpaca
        let alpaca = try ResolvedSettings.resolve(pool: folder.pool, flags: flags, environment: [:], userConfig: folder.user)
        #expect(alpaca.recipe.casing == .unchanged, "upstream Alpaca leaves instructions as written")
    }

    @Test func keyFromAnEnvironmentVariableNamedInTheConfigIsUsedAndNeverShown() throws {
        let folder = try Folder()
        try folder.write("pool.toml", "[endpoint]\nbase_url = \"https://api.example.com/v1\"\nmodel = \"m\"\napi_key_env = \"MY_KEY\"\n")
        let settings = try ResolvedSettings.resolve(pool: folder.pool, environment: ["MY_KEY": "sk-from-variable"], userConfig: folder.user)
        #expect(settings.endpoint.apiKey != nil)
        #expect(!settings.report.contains("sk-from-variable"))
        #expect(settings.report.split(separator: "\n").contains { $0.hasPrefix("api_key ") && $0.hasSuffix(" <redacted> (from $MY_KEY)  (pool)") })
        #expect(throws: SettingsError.self) {
            try ResolvedSettings.resolve(pool: folder.pool, environment: [:], userConfig: folder.user)
        }
    }

    @Test func syntaxErrorsNameTheFileAndLine() throws {
        let folder = try Folder()
        try folder.write("pool.toml", "[endpoint]\nmodel = \"m\"\nbase_url = \"unterminated\n")
        #expect {
            try ResolvedSettings.resolve(pool: folder.pool, environment: [:], userConfig: folder.user)
        } throws: { error in
            "\(error)".hasPrefix(folder.url.appendingPathComponent("pool.toml").path + ":3: not valid TOML")
        }
    }

    @Test(arguments: [
        ("[endpoint]\nmax_in_flight = \"many\"\n", ":2: [endpoint] max_in_flight: expected a whole number of at least 1"),
        ("[endpoint]\n\napi = \"grpc\"\n", ":3: [endpoint] api: \"grpc\" is not one of \"completions\", \"chat\""),
        ("[generation]\n\nnormalize = \"lower\"\n", ":3: [generation] normalize: \"lower\" is not one of \"first-letter\", \"upstream\""),
        ("[generation]\nthreshold = 7\n", ":2: [generation] threshold: expected a ROUGE-L F above 0 and at most 1, e.g. 0.7"),
        ("[generation]\nrounds = 3\n", ":2: [generation] rounds: unknown key; [generation] takes recipe, normalize, mode"),
        ("[endpont]\nmodel = \"m\"\n",
         ":1: endpont: unknown setting; the tables are [endpoint], [[endpoints]], [prices], [generation], [budget], [review], [quality] and [workbench]"),
        ("[prices]\n\"gpt\" = 3\n", ":2: [prices] gpt: expected { input = N, output = N }"),
        ("[endpoint]\ntimeout = 0\n", ":2: [endpoint] timeout: expected seconds above 0 and at most 86400"),
        ("[endpoint]\ntimeout = \"long\"\n", ":2: [endpoint] timeout: expected seconds above 0"),
        ("[endpoint]\ntimeout = { first = 3 }\n", ":2: [endpoint] timeout: first is not one of connect, first_byte, idle"),
        ("[endpoint]\ntimeout = { idle = -1 }\n", ":2: [endpoint] timeout: idle: expected seconds above 0"),
    ])
    func wrongTypesAndValuesNameTheKeyAndLine(toml: String, expected: String) throws {
        let folder = try Folder()
        try folder.write("user.toml", toml)
        #expect {
            try ResolvedSettings.resolve(pool: folder.pool, environment: [:], userConfig: folder.user)
        } throws: { error in
            "\(error)".hasPrefix(folder.user.path + expected)
        }
    }

    @Test func timeoutsDefaultThenFollowPrecedencePartByPart() throws {
        let folder = try Folder()
        let defaults = try ResolvedSettings.resolve(pool: folder.pool, environment: [:], userConfig: folder.user)
        #expect(defaults.endpoint.timeouts == EndpointConfiguration.Timeouts(connect: .seconds(10), firstByte: .seconds(120), idle: .seconds(60)))
        try folder.write("user.toml", "[endpoint]\ntimeout = { connect = 5, first_byte = 30, idle = 20 }\n")
        try folder.write("pool.toml", "[endpoint]\ntimeout = 300\n")
        var flags = SettingsLayer()
        flags.firstByteTimeout = 45.5
        let settings = try ResolvedSettings.resolve(pool: folder.pool, flags: flags, environment: [:], userConfig: folder.user)
        #expect(settings.endpoint.timeouts == EndpointConfiguration.Timeouts(connect: .seconds(5), firstByte: .milliseconds(45_500), idle: .seconds(300)))
        let shown = Dictionary(uniqueKeysWithValues: settings.entries.map { ($0.name, "\($0.value) (\($0.source))") })
        #expect(shown["timeout.connect"] == "5 s (user)")
        #expect(shown["timeout.first_byte"] == "45.5 s (flag)")
        #expect(shown["timeout.idle"] == "300 s (pool)")
    }

    @Test func theReportHidesCredentialsInTheBaseURL() throws {
        let folder = try Folder()
        try folder.write("pool.toml", "[endpoint]\nbase_url = \"http://me:sk-secret@models.example/v1\"\nmodel = \"m\"\n")
        let settings = try ResolvedSettings.resolve(pool: folder.pool, environment: [:], userConfig: folder.user)
        #expect(settings.endpoint.baseURL == "http://me:sk-secret@models.example/v1")
        #expect(settings.report.contains("http://<redacted>@models.example/v1"))
        #expect(!settings.report.contains("sk-secret"))
        #expect(!settings.endpoint.description.contains("sk-secret"))
    }

    @Test func poolConfigSitsBesideThePool() {
        #expect(ResolvedSettings.poolConfigFile(for: URL(fileURLWithPath: "/d/pool.jsonl")).path == "/d/pool.toml")
        #expect(ResolvedSettings.poolConfigFile(for: URL(fileURLWithPath: "/d/data")).path == "/d/data.toml")
        #expect(ResolvedSettings.userConfigFile(environment: ["XDG_CONFIG_HOME": "/x"]).path == "/x/selfinstruct/config.toml")
    }
}

@Suite struct PipelineSettingsTests {
    @Test func classificationSeedsOnlyAndTheBudgetComeFromTheConfig() throws {
        let folder = try SettingsTests.Folder()
        try folder.write("pool.toml", """
            [generation]
            classification_seeds_only = true
            [budget]
            max_cost = 2.5
            max_tokens_total = 100000
            max_cost_per_run = 1
            max_tokens_per_run = 5000

            """)
        let settings = try ResolvedSettings.resolve(pool: folder.pool, environment: [:], userConfig: folder.user)
        #expect(settings.recipe.classificationTasksOnly)
        #expect(settings.budget == Budget(maxCost: 2.5, maxTokens: 100_000, maxCostPerRun: 1, maxTokensPerRun: 5000))
        #expect(settings.report.contains("budget.max_cost"))
    }

    @Test func classificationSeedsOnlyWithTheAlpacaRecipeIsRefused() throws {
        let folder = try SettingsTests.Folder()
        try folder.write("pool.toml", "[generation]\nrecipe = \"alpaca\"\nclassification_seeds_only = true\n")
        #expect {
            try ResolvedSettings.resolve(pool: folder.pool, environment: [:], userConfig: folder.user)
        } throws: { error in
            "\(error)".contains("classification_seeds_only: applies to the self-instruct recipe only")
        }
    }

    @Test(arguments: [
        ("[budget]\nmax_cost = -1\n", ":2: [budget] max_cost: expected an amount of at least 0"),
        ("[budget]\nmax_tokens_total = 0\n", ":2: [budget] max_tokens_total: expected a whole number of at least 1"),
        ("[budget]\nmax_dollars = 3\n", ":2: [budget] max_dollars: unknown key"),
        ("[generation]\nclassification_seeds_only = \"yes\"\n", ":2: [generation] classification_seeds_only: expected true or false"),
    ])
    func badBudgetValuesNameTheKeyAndLine(toml: String, expected: String) throws {
        let folder = try SettingsTests.Folder()
        try folder.write("pool.toml", toml)
        #expect {
            try ResolvedSettings.resolve(pool: folder.pool, environment: [:], userConfig: folder.user)
        } throws: { error in
            "\(error)".contains(expected)
        }
    }
}

/// `[quality] cannot_do_keywords`: read, replacing the defaults, and refused when not a list.
@Suite struct QualitySettingsTests {
    @Test func cannotDoKeywordsComeFromThePoolConfigOrTheDefaults() throws {
        let folder = try SettingsTests.Folder()
        #expect(try ResolvedSettings.resolve(pool: folder.pool, environment: [:], userConfig: folder.user).defectCheck == DefectCheck())
        try folder.write("pool.toml", "[quality]\ncannot_do_keywords = [\"smell\", \"taste\"]\n")
        let settings = try ResolvedSettings.resolve(pool: folder.pool, environment: [:], userConfig: folder.user)
        #expect(settings.defectCheck.cannotDoKeywords == ["smell", "taste"])
        #expect(settings.entries.first { $0.name == "quality.cannot_do_keywords" }?.source == .pool)
        try folder.write("pool.toml", "[quality]\ncannot_do_keywords = \"smell\"\n")
        do {
            _ = try ResolvedSettings.resolve(pool: folder.pool, environment: [:], userConfig: folder.user)
            Issue.record("a keyword list that is not a list was taken")
        } catch {
            #expect("\(error)".contains("pool.toml:2") && "\(error)".contains("cannot_do_keywords"))
        }
    }
}
