import Engine
import Foundation
import LLM
import TOMLKit

/// Reads a selfinstruct config file (TOML):
///
///     [endpoint]
///     base_url = "https://api.openai.com/v1"
///     model = "gpt-4o-mini"
///     api = "chat"                  # or "completions"
///     api_key_env = "MY_OPENAI_KEY" # or api_key = "sk-..."
///     max_in_flight = 8
///     requests_per_minute = 500
///     tokens_per_minute = 200000
///     timeout = 300                 # seconds for the first byte and between pieces, or
///     # timeout = { connect = 10, first_byte = 120, idle = 60 }
///     [endpoint.headers]
///     OpenAI-Organization = "org-..."
///     [[endpoints]]                 # several endpoints instead of [endpoint]'s one
///     name = "fast"
///     base_url = "http://10.0.0.2:8000/v1"
///     model = "llama-3-8b"
///     api_key_env = "FAST_KEY"      # no key when left out
///     max_in_flight = 16            # and requests_per_minute, tokens_per_minute
///     weight = 3                    # its share against the others' (1 by default)
///     price = { input = 0.1, output = 0.2 }   # per million tokens, over [prices]
///     [prices]
///     "gpt-4o-mini" = { input = 0.15, output = 0.6 }   # per million tokens
///     [generation]
///     recipe = "self-instruct"      # or "alpaca"
///     normalize = "first-letter"    # or "upstream" (Self-Instruct: str.capitalize())
///     mode = "auto"                 # or "supervised"
///     prompts_per_round = 5
///     max_pending = 20
///     threshold = 0.7
///     templates = "templates"       # relative to this file
///     seed = 42
///     classification_seeds_only = false   # upstream's --use_clf_seed_tasks_only
///     [budget]                      # priced with [prices]; no limit when left out
///     max_cost = 5.0                # the pool, over all runs
///     max_tokens_total = 2000000
///     max_cost_per_run = 1.0
///     max_tokens_per_run = 500000
///     [workbench]
///     theme = "light"               # dark, light, high-contrast, mono or a user theme
///
/// Unknown tables and keys are errors (a typo would otherwise be silently ignored).
public enum SettingsFile {
    /// The layer the file at `url` gives; an empty layer if there is no such file.
    /// - Throws: `SettingsError` with file:line for a syntax error, and the key for a wrong
    ///   type, value or an unknown key.
    public static func read(_ url: URL) throws(SettingsError) -> SettingsLayer {
        guard FileManager.default.fileExists(atPath: url.path) else { return SettingsLayer() }
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw SettingsError(place: url.path, problem: "cannot be read (\(error.localizedDescription)); check its permissions and that it is UTF-8")
        }
        return try parse(text, file: url.path, folder: url.deletingLastPathComponent().path)
    }

    /// The layer TOML `text` gives; `file` names it in errors and `folder` anchors a
    /// relative templates path.
    public static func parse(_ text: String, file: String, folder: String) throws(SettingsError) -> SettingsLayer {
        let document: TOMLTable
        do {
            document = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw SettingsError(place: file, line: error.source.begin.line, problem: "not valid TOML: \(error.description)")
        } catch {
            throw SettingsError(place: file, problem: "not valid TOML: \(error)")
        }
        var reader = Reader(file: file, lines: text.split(separator: "\n", omittingEmptySubsequences: false))
        var layer = SettingsLayer()
        for key in document.keys {
            switch key {
            case "endpoint": try reader.endpoint(document[key]!, into: &layer)
            case "endpoints": try reader.endpoints(document[key]!, into: &layer)
            case "prices": try reader.prices(document[key]!, into: &layer)
            case "generation": try reader.generation(document[key]!, folder: folder, into: &layer)
            case "budget": try reader.budget(document[key]!, into: &layer)
            case "review": try reader.review(document[key]!, into: &layer)
            case "quality": try reader.quality(document[key]!, into: &layer)
            case "workbench": try reader.workbench(document[key]!, into: &layer)
            default:
                throw reader.failure(
                    key, table: nil,
                    "unknown setting; the tables are [endpoint], [[endpoints]], [prices], [generation], [budget], [review], [quality] and [workbench]")
            }
        }
        if layer.endpoints != nil, let single = ["base_url", "model", "api", "api_key", "api_key_env"].first(where: { document["endpoint"]?.table?[$0] != nil }) {
            throw reader.failure(single, table: "endpoint", "set where requests go in [endpoint] or in [[endpoints]], not both; with [[endpoints]], [endpoint] keeps only the limits, timeout and headers every endpoint shares")
        }
        return layer
    }

    /// Reads tables into a layer, naming file:line and the key in its errors.
    struct Reader {
        let file: String
        let lines: [Substring]

        /// The 1-based line where `key` is set in `[table]` (or where `[table]` starts).
        func line(of key: String, table: String?) -> Int? {
            var current: String?
            for (index, raw) in lines.enumerated() {
                let text = raw.trimmingCharacters(in: .whitespaces)
                if text.hasPrefix("[") {
                    current = String(text.drop { $0 == "[" }.prefix { $0 != "]" }).trimmingCharacters(in: .whitespaces)
                    if table == nil && current == key { return index + 1 }
                    continue
                }
                guard current == table else { continue }
                for spelled in [key, "\"\(key)\""] where text.hasPrefix(spelled) {
                    if text.dropFirst(spelled.count).trimmingCharacters(in: .whitespaces).hasPrefix("=") { return index + 1 }
                }
            }
            return nil
        }

        func failure(_ key: String, table: String?, _ problem: String) -> SettingsError {
            SettingsError(place: file, line: line(of: key, table: table), key: table.map { "[\($0)] \(key)" } ?? key, problem: problem)
        }

        func table(_ value: any TOMLValueConvertible, _ name: String) throws(SettingsError) -> TOMLTable {
            guard let table = value.table else { throw failure(name, table: nil, "expected a table [\(name)]") }
            return table
        }

        func string(_ table: TOMLTable, _ key: String, in name: String) throws(SettingsError) -> String? {
            guard let value = table[key] else { return nil }
            guard let text = value.string else { throw failure(key, table: name, "expected a string in quotes") }
            return text
        }

        func count(_ table: TOMLTable, _ key: String, in name: String) throws(SettingsError) -> Int? {
            guard let value = table[key] else { return nil }
            guard let number = value.int, number >= 1 else { throw failure(key, table: name, "expected a whole number of at least 1") }
            return number
        }

        func number(_ value: any TOMLValueConvertible) -> Double? {
            value.double ?? value.int.map(Double.init)
        }

        func choice<Choice: RawRepresentable & CaseIterable>(_ table: TOMLTable, _ key: String, in name: String, as: Choice.Type) throws(SettingsError) -> Choice?
        where Choice.RawValue == String {
            guard let text = try string(table, key, in: name) else { return nil }
            guard let chosen = Choice(rawValue: text) else {
                throw failure(key, table: name, "\"\(text)\" is not one of \(Choice.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))")
            }
            return chosen
        }

        func unknownKeys(_ table: TOMLTable, in name: String, known: [String]) throws(SettingsError) {
            for key in table.keys where !known.contains(key) {
                throw failure(key, table: name, "unknown key; [\(name)] takes \(known.joined(separator: ", "))")
            }
        }

        mutating func endpoint(_ value: any TOMLValueConvertible, into layer: inout SettingsLayer) throws(SettingsError) {
            let name = "endpoint"
            let table = try table(value, name)
            try unknownKeys(table, in: name, known: ["base_url", "model", "api", "api_key", "api_key_env", "headers",
                                                     "max_in_flight", "requests_per_minute", "tokens_per_minute", "timeout"])
            layer.baseURL = try string(table, "base_url", in: name)
            layer.model = try string(table, "model", in: name)
            layer.api = try choice(table, "api", in: name, as: EndpointConfiguration.API.self)
            if table["api_key"] != nil && table["api_key_env"] != nil {
                throw failure("api_key_env", table: name, "set api_key or api_key_env, not both")
            }
            if let key = try string(table, "api_key", in: name) {
                guard let apiKey = APIKey(key) else { throw failure("api_key", table: name, "is empty; remove it or set the key") }
                layer.apiKey = .key(apiKey)
            }
            if let variable = try string(table, "api_key_env", in: name) {
                guard !variable.isEmpty else { throw failure("api_key_env", table: name, "expected the name of an environment variable") }
                layer.apiKey = .environmentVariable(variable)
            }
            if let headers = table["headers"] {
                guard let headerTable = headers.table else { throw failure("headers", table: name, "expected a table [endpoint.headers] of name = \"value\"") }
                var values: [String: String] = [:]
                for header in headerTable.keys {
                    guard let text = headerTable[header]?.string else {
                        throw failure(header, table: "endpoint.headers", "expected the header's value as a string in quotes")
                    }
                    if let wrong = Self.headerProblem(name: header, value: text) { throw failure(header, table: "endpoint.headers", wrong) }
                    values[header] = text
                }
                layer.headers = values
            }
            layer.maxInFlight = try count(table, "max_in_flight", in: name)
            layer.requestsPerMinute = try count(table, "requests_per_minute", in: name)
            layer.tokensPerMinute = try count(table, "tokens_per_minute", in: name)
            if let timeout = table["timeout"] { try self.timeout(timeout, into: &layer) }
        }

        /// `timeout = N` (first byte and idle) or `timeout = { connect = N, first_byte = N, idle = N }`.
        func timeout(_ value: any TOMLValueConvertible, into layer: inout SettingsLayer) throws(SettingsError) {
            let expected = "expected seconds above 0 and at most 86400 (for the first byte and between pieces), or { connect = N, first_byte = N, idle = N }"
            if let seconds = number(value) {
                guard seconds > 0, seconds <= 86_400 else { throw failure("timeout", table: "endpoint", expected) }
                layer.firstByteTimeout = seconds
                layer.idleTimeout = seconds
                return
            }
            guard let parts = value.table else { throw failure("timeout", table: "endpoint", expected) }
            for key in parts.keys {
                guard let seconds = parts[key].flatMap(number), seconds > 0, seconds <= 86_400 else {
                    throw failure("timeout", table: "endpoint", "\(key): " + expected)
                }
                switch key {
                case "connect": layer.connectTimeout = seconds
                case "first_byte": layer.firstByteTimeout = seconds
                case "idle": layer.idleTimeout = seconds
                default: throw failure("timeout", table: "endpoint", "\(key) is not one of connect, first_byte, idle")
                }
            }
        }

        mutating func prices(_ value: any TOMLValueConvertible, into layer: inout SettingsLayer) throws(SettingsError) {
            let name = "prices"
            let table = try table(value, name)
            var prices: [String: TokenPrice] = [:]
            for model in table.keys {
                guard let price = table[model]?.table, let input = price["input"].flatMap(number), let output = price["output"].flatMap(number),
                      input >= 0, output >= 0, price.keys.count == 2 else {
                    throw failure(model, table: name, "expected { input = N, output = N }: the price of a million prompt and generated tokens")
                }
                prices[model] = TokenPrice(inputPerMillion: input, outputPerMillion: output)
            }
            layer.prices = prices
        }

        mutating func budget(_ value: any TOMLValueConvertible, into layer: inout SettingsLayer) throws(SettingsError) {
            let name = "budget"
            let table = try table(value, name)
            try unknownKeys(table, in: name, known: ["max_cost", "max_tokens_total", "max_cost_per_run", "max_tokens_per_run"])
            for key in ["max_cost", "max_cost_per_run"] {
                guard let amount = table[key] else { continue }
                guard let value = number(amount), value >= 0 else {
                    throw failure(key, table: name, "expected an amount of at least 0 in the [prices] currency, e.g. 5.0")
                }
                if key == "max_cost" { layer.maxCost = value } else { layer.maxCostPerRun = value }
            }
            layer.maxTokensTotal = try count(table, "max_tokens_total", in: name)
            layer.maxTokensPerRun = try count(table, "max_tokens_per_run", in: name)
        }

        mutating func review(_ value: any TOMLValueConvertible, into layer: inout SettingsLayer) throws(SettingsError) {
            let name = "review"
            let table = try table(value, name)
            try unknownKeys(table, in: name, known: ["reject_reasons"])
            guard let reasons = table["reject_reasons"] else { return }
            let problem = "expected a list of 1 to 9 short reasons in quotes, e.g. [\"too vague\", \"unsafe\"]"
            guard let list = reasons.array, (1...9).contains(list.count) else { throw failure("reject_reasons", table: name, problem) }
            var texts: [String] = []
            for item in list {
                guard let text = item.string?.trimmingCharacters(in: .whitespaces), !text.isEmpty, !texts.contains(text) else {
                    throw failure("reject_reasons", table: name, problem + ", each once")
                }
                texts.append(text)
            }
            layer.rejectReasons = texts
        }

        mutating func quality(_ value: any TOMLValueConvertible, into layer: inout SettingsLayer) throws(SettingsError) {
            let name = "quality"
            let table = try table(value, name)
            try unknownKeys(table, in: name, known: ["cannot_do_keywords"])
            guard let keywords = table["cannot_do_keywords"] else { return }
            let problem = "expected a list of words or phrases in quotes that a text model cannot act on, e.g. [\"image\", \"listen to\"] ([] for none)"
            guard let list = keywords.array else { throw failure("cannot_do_keywords", table: name, problem) }
            var texts: [String] = []
            for item in list {
                guard let text = item.string?.trimmingCharacters(in: .whitespaces), !text.isEmpty,
                      text.contains(where: { $0.isLetter || $0.isNumber }) else {
                    throw failure("cannot_do_keywords", table: name, problem + "; each one not empty")
                }
                if !texts.contains(text) { texts.append(text) }
            }
            layer.cannotDoKeywords = texts
        }

        mutating func workbench(_ value: any TOMLValueConvertible, into layer: inout SettingsLayer) throws(SettingsError) {
            let name = "workbench"
            let table = try table(value, name)
            try unknownKeys(table, in: name, known: ["theme"])
            if let theme = try string(table, "theme", in: name) {
                guard !theme.isEmpty else { throw failure("theme", table: name, "expected a theme's name, e.g. \"light\"") }
                layer.theme = theme
            }
        }

        mutating func generation(_ value: any TOMLValueConvertible, folder: String, into layer: inout SettingsLayer) throws(SettingsError) {
            let name = "generation"
            let table = try table(value, name)
            try unknownKeys(table, in: name, known: ["recipe", "normalize", "mode", "prompts_per_round", "max_pending", "threshold", "templates", "seed",
                                                     "classification_seeds_only"])
            if let flag = table["classification_seeds_only"] {
                guard let value = flag.bool else { throw failure("classification_seeds_only", table: name, "expected true or false") }
                layer.classificationSeedsOnly = value
            }
            layer.recipe = try choice(table, "recipe", in: name, as: RecipeChoice.self)
            layer.normalize = try choice(table, "normalize", in: name, as: InstructionNormalization.self)
            layer.mode = try choice(table, "mode", in: name, as: ModeChoice.self)
            layer.promptsPerRound = try count(table, "prompts_per_round", in: name)
            layer.maxPending = try count(table, "max_pending", in: name)
            if let threshold = table["threshold"] {
                guard let value = number(threshold), value > 0, value <= 1 else {
                    throw failure("threshold", table: name, "expected a ROUGE-L F above 0 and at most 1, e.g. 0.7")
                }
                layer.threshold = value
            }
            if let templates = try string(table, "templates", in: name) {
                layer.templates = templates.hasPrefix("/") ? templates : URL(fileURLWithPath: folder).appendingPathComponent(templates).path
            }
            if let seed = table["seed"] {
                guard let value = seed.int, value >= 0 else { throw failure("seed", table: name, "expected a whole number of at least 0") }
                layer.seed = UInt64(value)
            }
        }
    }
}
