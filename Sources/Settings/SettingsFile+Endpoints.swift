import LLM
import TOMLKit

extension SettingsFile.Reader {
    /// The keys one `[[endpoints]]` table takes.
    static let endpointKeys = ["name", "base_url", "model", "api", "api_key_env", "max_in_flight", "requests_per_minute",
                               "tokens_per_minute", "timeout", "weight", "price", "headers"]

    /// The 1-based line of the `number`th (from 0) `[[endpoints]]` header.
    func line(ofEndpoint number: Int) -> Int? {
        let headers = lines.indices.filter { lines[$0].trimmingCharacters(in: .whitespaces).hasPrefix("[[endpoints]]") }
        return number < headers.count ? headers[number] + 1 : nil
    }

    /// `[[endpoints]]`: one table per endpoint, each named, with a base URL.
    mutating func endpoints(_ value: any TOMLValueConvertible, into layer: inout SettingsLayer) throws(SettingsError) {
        guard let list = value.array, !list.isEmpty else {
            throw failure("endpoints", table: nil, "expected [[endpoints]] tables, one per endpoint, each with name and base_url")
        }
        var entries: [EndpointEntry] = []
        for position in 0..<list.count {
            let line = line(ofEndpoint: position)
            func problem(_ key: String, _ text: String) -> SettingsError {
                SettingsError(place: file, line: line, key: "[[endpoints]] \(key)", problem: text)
            }
            guard let table = list[position].table else { throw problem("", "expected a table of name, base_url, model, ...") }
            for key in table.keys where !Self.endpointKeys.contains(key) {
                throw problem(key, "unknown key; [[endpoints]] takes \(Self.endpointKeys.joined(separator: ", "))")
            }
            guard let name = table["name"]?.string, NamedEndpoint.isValidName(name) else {
                throw problem("name", "expected a name of 1 to 64 letters, digits, '.', '_' or '-', e.g. \"fast\"")
            }
            guard !entries.contains(where: { $0.name == name }) else { throw problem("name", "\"\(name)\" names two endpoints; give each its own name") }
            guard let url = table["base_url"]?.string, !url.isEmpty else {
                throw problem("base_url", "endpoint \"\(name)\" needs base_url, e.g. \"http://127.0.0.1:8000/v1\"")
            }
            var entry = EndpointEntry(name: name, baseURL: url, place: file, line: line)
            if let model = table["model"] {
                guard let text = model.string, !text.isEmpty else { throw problem("model", "expected the model's name in quotes") }
                entry.model = text
            }
            if let api = table["api"] {
                guard let chosen = api.string.flatMap(EndpointConfiguration.API.init(rawValue:)) else {
                    throw problem("api", "expected \"completions\" or \"chat\"")
                }
                entry.api = chosen
            }
            if let variable = table["api_key_env"] {
                guard let text = variable.string, !text.isEmpty else { throw problem("api_key_env", "expected the name of an environment variable") }
                entry.apiKey = .environmentVariable(text)
            }
            for key in ["max_in_flight", "requests_per_minute", "tokens_per_minute"] {
                guard let count = table[key] else { continue }
                guard let whole = count.int, whole >= 1 else { throw problem(key, "expected a whole number of at least 1") }
                switch key {
                case "max_in_flight": entry.maxInFlight = whole
                case "requests_per_minute": entry.requestsPerMinute = whole
                default: entry.tokensPerMinute = whole
                }
            }
            if let timeout = table["timeout"] {
                // As [endpoint]'s timeout reads it, with this table's line in the error.
                var timeouts = SettingsLayer()
                do {
                    try self.timeout(timeout, into: &timeouts)
                } catch {
                    throw problem("timeout", error.problem)
                }
                entry.timeouts = (timeouts.connectTimeout, timeouts.firstByteTimeout, timeouts.idleTimeout)
            }
            if let weight = table["weight"] {
                guard let share = self.number(weight), share > 0, share.isFinite else { throw problem("weight", "expected a number above 0, e.g. 2") }
                entry.weight = share
            }
            if let price = table["price"] {
                guard let parts = price.table, let input = parts["input"].flatMap(number), let output = parts["output"].flatMap(number),
                      input >= 0, output >= 0, parts.keys.count == 2 else {
                    throw problem("price", "expected { input = N, output = N }: the price of a million prompt and generated tokens")
                }
                entry.price = TokenPrice(inputPerMillion: input, outputPerMillion: output)
            }
            if let headers = table["headers"] {
                guard let given = headers.table else { throw problem("headers", "expected a table of name = \"value\", e.g. { \"OpenAI-Organization\" = \"org-123\" }") }
                for name in given.keys {
                    guard let text = given[name]?.string else { throw problem("headers", "the header \(name)'s value: expected a string in quotes") }
                    if let wrong = Self.headerProblem(name: name, value: text) { throw problem("headers", wrong) }
                    entry.headers[name] = text
                }
            }
            entries.append(entry)
        }
        layer.endpoints = entries
    }

    /// Why a header cannot be sent as written, nil when it can: its name must be an HTTP
    /// token and its value one line (a line break would start a header of its own).
    static func headerProblem(name: String, value: String) -> String? {
        let tokenCharacters = Set("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
        guard !name.isEmpty, name.allSatisfy(tokenCharacters.contains) else {
            return "“\(name)” is not a header name (letters, digits and !#$%&'*+-.^_`|~ only)"
        }
        guard !value.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) else {
            return "the header \(name)'s value holds a line break; write it on one line"
        }
        return nil
    }
}
