import LLM

/// A system to generate responses from: a name (the responses file's) and an
/// OpenAI-compatible endpoint, read from `NAME=URL[,model][,api]`.
public struct EvaluatedEndpoint: Sendable {
    /// The system's name.
    public var system: String
    /// Where its requests go.
    public var configuration: EndpointConfiguration

    /// Reads `NAME=URL[,model][,api]`. The model falls back to OPENAI_MODEL (or the local
    /// model's name for its URL), the api to completions; the key comes from `apiKey`.
    public init(parsing value: String, apiKey: String?, environment: [String: String]) throws {
        guard let equals = value.firstIndex(of: "=") else { throw EvaluationError.badEndpoint(value, "no '=' after the name") }
        let name = String(value[..<equals])
        try EvaluationFolder.check(name, kind: "system")
        let parts = value[value.index(after: equals)...].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard parts.count <= 3, let url = parts.first, !url.isEmpty else {
            throw EvaluationError.badEndpoint(value, "expected a URL, then at most a model and an api")
        }
        var api = EndpointConfiguration.API.completions
        if parts.count == 3 {
            guard let chosen = EndpointConfiguration.API(rawValue: parts[2]) else {
                throw EvaluationError.badEndpoint(value, "the api is “\(parts[2])”, not completions or chat")
            }
            api = chosen
        }
        let model = parts.count >= 2 && !parts[1].isEmpty ? parts[1] : nil
        do {
            configuration = try EndpointConfiguration.resolve(baseURL: url, apiKey: apiKey, model: model, api: api, environment: environment)
        } catch {
            throw EvaluationError.badEndpoint(value, error.description)
        }
        system = name
    }
}
