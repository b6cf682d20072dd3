import LLM

/// A setting made in a workbench session (`:threshold`, `:theme`, an endpoint flag given to
/// `tui`) that the person chose to keep for the pool: it is written to the pool's config
/// file by `SettingsFileEditor`. The API key is never one of them.
public enum RememberedSetting: Sendable, Hashable, CustomStringConvertible {
    /// `[generation] threshold`.
    case threshold(Double)
    /// `[workbench] theme`.
    case theme(String)
    /// `[endpoint] base_url`.
    case baseURL(String)
    /// `[endpoint] model`.
    case model(String)
    /// `[endpoint] api`.
    case api(EndpointConfiguration.API)
    /// `[endpoint] max_in_flight`.
    case maxInFlight(Int)
    /// `[endpoint] timeout`: seconds for the first byte and between pieces.
    case timeout(Double)

    /// The table it lives in.
    var table: String {
        switch self {
        case .threshold: "generation"
        case .theme: "workbench"
        case .baseURL, .model, .api, .maxInFlight, .timeout: "endpoint"
        }
    }

    /// Its key in the table.
    var key: String {
        switch self {
        case .threshold: "threshold"
        case .theme: "theme"
        case .baseURL: "base_url"
        case .model: "model"
        case .api: "api"
        case .maxInFlight: "max_in_flight"
        case .timeout: "timeout"
        }
    }

    /// Its value as TOML.
    var tomlValue: String {
        switch self {
        case .threshold(let value), .timeout(let value): value == value.rounded() && value < 1e15 ? String(Int(value)) : String(value)
        case .theme(let text), .baseURL(let text), .model(let text): Self.quoted(text)
        case .api(let api): Self.quoted(api.rawValue)
        case .maxInFlight(let count): String(count)
        }
    }

    /// `threshold = 0.65`, as the person reads it (a URL's credentials redacted).
    public var description: String {
        switch self {
        case .baseURL(let url): "\(key) = \(Self.quoted(redactedURL(url)))"
        default: "\(key) = \(tomlValue)"
        }
    }

    /// Whether `layer` (what a config file says) already holds this value.
    public func isSet(in layer: SettingsLayer) -> Bool {
        switch self {
        case .threshold(let value): layer.threshold == value
        case .theme(let name): layer.theme == name
        case .baseURL(let url): layer.baseURL == url
        case .model(let name): layer.model == name
        case .api(let api): layer.api == api
        case .maxInFlight(let count): layer.maxInFlight == count
        case .timeout(let seconds): layer.firstByteTimeout == seconds && layer.idleTimeout == seconds
        }
    }

    /// A TOML basic string: quotes, backslashes and control characters escaped.
    private static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    result += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16).uppercased()
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}
