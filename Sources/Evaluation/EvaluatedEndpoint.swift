import LLM

/// A system to generate responses from: a name (the responses file's) and an
/// OpenAI-compatible endpoint, read from `NAME=URL[,model][,api]` (`EndpointFlag`, as
/// generation's `--endpoint` reads it).
public struct EvaluatedEndpoint: Sendable {
    /// The system's name.
    public var system: String
    /// Where its requests go.
    public var configuration: EndpointConfiguration

    /// Reads `NAME=URL[,model][,api]`. The model falls back to OPENAI_MODEL (or the local
    /// model's name for its URL), the api to completions; the key comes from `apiKey`.
    public init(parsing value: String, apiKey: String?, environment: [String: String]) throws {
        let flag: EndpointFlag
        do {
            flag = try EndpointFlag(parsing: value)
        } catch {
            throw EvaluationError.badEndpoint(value, error.description)
        }
        try EvaluationFolder.check(flag.name, kind: "system")
        do {
            configuration = try flag.configuration(apiKey: apiKey, environment: environment)
        } catch {
            throw EvaluationError.badEndpoint(value, error.description)
        }
        system = flag.name
    }
}
