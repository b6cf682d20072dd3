import Foundation
import Testing
import Engine
import LLM
@testable import Settings

@Suite struct EndpointListTests {
    typealias Folder = SettingsTests.Folder

    static let twoEndpoints = """
        [endpoint]
        max_in_flight = 4
        timeout = 30
        [[endpoints]]
        name = "fast"
        base_url = "http://10.0.0.2:8000/v1"
        model = "llama-3-8b"
        api_key_env = "FAST_KEY"
        max_in_flight = 16
        requests_per_minute = 600
        weight = 3
        price = { input = 0.1, output = 0.2 }
        timeout = { first_byte = 300 }

        [[endpoints]]
        name = "spare"
        base_url = "http://10.0.0.3:8000/v1"
        model = "qwen-7b"
        """

    func resolve(_ folder: Folder, flags: SettingsLayer = SettingsLayer(), environment: [String: String] = [:]) throws -> ResolvedSettings {
        try ResolvedSettings.resolve(pool: folder.pool, flags: flags, environment: environment, userConfig: folder.user)
    }

    /// The error resolving gives, as text; nil when it resolves.
    func problem(_ folder: Folder, flags: SettingsLayer = SettingsLayer(), environment: [String: String] = [:]) -> String? {
        do {
            _ = try resolve(folder, flags: flags, environment: environment)
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func endpointTablesGiveNamedEndpointsWithTheirOwnLimitsWeightsKeysAndPrices() throws {
        let folder = try Folder()
        try folder.write("pool.toml", Self.twoEndpoints)
        let settings = try resolve(folder, environment: ["FAST_KEY": "sk-fast-secret", "OPENAI_API_KEY": "sk-openai-secret"])
        let endpoints = try #require(settings.endpoints)
        #expect(endpoints.map(\.name) == ["fast", "spare"])
        #expect(endpoints.map(\.configuration.model) == ["llama-3-8b", "qwen-7b"])
        #expect(endpoints.map(\.weight) == [3, 1])
        #expect(endpoints[0].limits == RateLimits(maxInFlight: 16, requestsPerMinute: 600))
        #expect(endpoints[1].limits == RateLimits(maxInFlight: 4))
        #expect(endpoints.map(\.configuration.timeouts.firstByte) == [.seconds(300), .seconds(30)])
        #expect(endpoints.map(\.configuration.timeouts.idle) == [.seconds(30), .seconds(30)])
        #expect(endpoints[0].configuration.apiKey != nil)
        // A table without api_key_env sends no key, not OPENAI_API_KEY to another server.
        #expect(endpoints[1].configuration.apiKey == nil)
        #expect(settings.prices.price(for: "llama-3-8b") == TokenPrice(inputPerMillion: 0.1, outputPerMillion: 0.2))
        #expect(settings.rateLimits.maxInFlight == 20)
        #expect(!settings.usesDefaultEndpoint)
        #expect(settings.endpoint.model == "llama-3-8b")
        let report = settings.report
        #expect(report.contains("fast: llama-3-8b @ http://10.0.0.2:8000/v1 (completions), weight 3, 16 in flight, key <redacted>"))
        #expect(!report.contains("sk-fast-secret") && !report.contains("sk-openai-secret"))
    }

    @Test func anEndpointsOwnHeadersGoOverTheSharedOnesAndOnlyToIt() throws {
        let folder = try Folder()
        try folder.write("pool.toml", """
            [endpoint.headers]
            "X-Team" = "curation"
            "OpenAI-Organization" = "org-shared"
            [[endpoints]]
            name = "hosted"
            base_url = "https://api.example.com/v1"
            model = "m"
            headers = { "OpenAI-Organization" = "org-hosted", "OpenAI-Project" = "proj-1" }
            [[endpoints]]
            name = "local"
            base_url = "http://127.0.0.1:8000/v1"
            model = "m"
            """)
        let endpoints = try #require(try resolve(folder).endpoints)
        #expect(endpoints[0].configuration.extraHeaders == ["X-Team": "curation", "OpenAI-Organization": "org-hosted", "OpenAI-Project": "proj-1"])
        #expect(endpoints[1].configuration.extraHeaders == ["X-Team": "curation", "OpenAI-Organization": "org-shared"])
    }

    @Test func endpointFlagsBeatTheConfigListAndSendTheSharedKey() throws {
        let folder = try Folder()
        try folder.write("pool.toml", Self.twoEndpoints)
        var flags = SettingsLayer()
        flags.endpoints = [try EndpointEntry(flag: "a=http://127.0.0.1:9001/v1,m1"), try EndpointEntry(flag: "b=http://127.0.0.1:9002/v1,m2,completions")]
        let settings = try resolve(folder, flags: flags, environment: ["OPENAI_API_KEY": "sk-shared", "FAST_KEY": "x"])
        #expect(settings.endpoints?.map(\.name) == ["a", "b"])
        #expect(settings.endpoints?.allSatisfy { $0.configuration.apiKey != nil } == true)
        #expect(settings.entries.first { $0.name == "endpoints" }?.source == .flag)
    }

    @Test func aBaseURLFlagBeatsAListInAConfigFile() throws {
        let folder = try Folder()
        try folder.write("pool.toml", Self.twoEndpoints)
        var flags = SettingsLayer()
        flags.baseURL = "http://127.0.0.1:9000/v1"
        flags.model = "m"
        let settings = try resolve(folder, flags: flags, environment: ["FAST_KEY": "x"])
        #expect(settings.endpoints == nil)
        #expect(settings.endpoint.baseURL == "http://127.0.0.1:9000/v1")
    }

    @Test func aWrongEndpointTableIsReportedWithItsFileLineAndKey() throws {
        let folder = try Folder()
        let cases: [(String, String)] = [
            ("[[endpoints]]\nname = \"a\"\nbase_url = \"http://h/v1\"\nmodel = \"m\"\nwieght = 2\n", "pool.toml:1: [[endpoints]] wieght: unknown key"),
            ("[[endpoints]]\nname = \"a\"\nbase_url = \"http://h/v1\"\nmodel = \"m\"\n\n[[endpoints]]\nname = \"a\"\nbase_url = \"http://g/v1\"\n",
             "pool.toml:6: [[endpoints]] name: \"a\" names two endpoints"),
            ("[[endpoints]]\nname = \"a b\"\nbase_url = \"http://h/v1\"\n", "pool.toml:1: [[endpoints]] name: expected a name"),
            ("[[endpoints]]\nname = \"a\"\nmodel = \"m\"\n", "[[endpoints]] base_url: endpoint \"a\" needs base_url"),
            ("[[endpoints]]\nname = \"a\"\nbase_url = \"http://h/v1\"\nmodel = \"m\"\nweight = 0\n", "[[endpoints]] weight: expected a number above 0"),
            ("[[endpoints]]\nname = \"a\"\nbase_url = \"http://h/v1\"\nmodel = \"m\"\nprice = 3\n", "[[endpoints]] price: expected { input = N, output = N }"),
            ("\n[[endpoints]]\nname = \"a\"\nbase_url = \"http://h/v1\"\nmodel = \"m\"\ntimeout = -1\n", "pool.toml:2: [[endpoints]] timeout: expected seconds above 0"),
            ("[endpoint]\nbase_url = \"http://h/v1\"\n[[endpoints]]\nname = \"a\"\nbase_url = \"http://h/v1\"\nmodel = \"m\"\n",
             "pool.toml:2: [endpoint] base_url: set where requests go in [endpoint] or in [[endpoints]], not both"),
            ("[[endpoints]]\nname = \"a\"\nbase_url = \"http://h/v1\"\nmodel = \"m\"\napi_key_env = \"NOT_SET_ANYWHERE\"\n",
             "[[endpoints]] api_key_env: the environment variable NOT_SET_ANYWHERE of endpoint \"a\" is not set"),
            ("[[endpoints]]\nname = \"a\"\nbase_url = \"http://h/v1\"\nmodel = \"m\"\n[[endpoints]]\nname = \"b\"\nbase_url = \"http://g/v1\"\nmodel = \"n\"\napi = \"chat\"\n",
             "[[endpoints]] api: endpoint \"b\" uses chat but \"a\" uses completions"),
            ("[[endpoints]]\nname = \"a\"\nbase_url = \"ftp://h\"\nmodel = \"m\"\n", "[[endpoints]] base_url: endpoint \"a\": The base URL"),
            ("[[endpoints]]\nname = \"a\"\nbase_url = \"http://h/v1\"\n", "[[endpoints]] model: endpoint \"a\": No model named"),
            ("[[endpoints]]\nname = \"a\"\nbase_url = \"http://h/v1\"\nmodel = \"m\"\nheaders = 3\n", "pool.toml:1: [[endpoints]] headers: expected a table"),
            ("[[endpoints]]\nname = \"a\"\nbase_url = \"http://h/v1\"\nmodel = \"m\"\nheaders = { \"X-A\" = \"1\\r\\nX-B: 2\" }\n",
             "[[endpoints]] headers: the header X-A's value holds a line break"),
            ("[[endpoints]]\nname = \"a\"\nbase_url = \"http://h/v1\"\nmodel = \"m\"\nheaders = { \"X A\" = \"1\" }\n",
             "[[endpoints]] headers: “X A” is not a header name"),
            ("[endpoint.headers]\n\"X-Org\" = \"a\\nb\"\n", "the header X-Org's value holds a line break"),
        ]
        for (text, expected) in cases {
            try folder.write("pool.toml", text)
            let message = problem(folder)
            #expect(message?.contains(expected) == true, "\(message ?? "no error") should contain \(expected)")
        }
    }

    @Test func twoPricesForOneModelAreRefused() throws {
        let folder = try Folder()
        try folder.write("pool.toml", """
            [[endpoints]]
            name = "a"
            base_url = "http://h/v1"
            model = "m"
            price = { input = 1, output = 2 }
            [[endpoints]]
            name = "b"
            base_url = "http://g/v1"
            model = "m"
            price = { input = 1, output = 3 }
            """)
        #expect(problem(folder)?.contains("price model m differently") == true)
    }

    @Test func aBadEndpointFlagSaysWhatAndHowToWriteIt() {
        for (value, expected) in [("noequals", "no '=' after the name"), ("a b=http://h/v1", "is not an endpoint name"),
                                  ("a=http://h/v1,m,rpc", "the api is “rpc”")] {
            do {
                _ = try EndpointEntry(flag: value)
                Issue.record("\(value) was taken")
            } catch {
                #expect(error.description.contains(expected))
                #expect(error.description.contains("--endpoint"))
            }
        }
    }
}
