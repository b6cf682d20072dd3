/// A failure the engine reports: a request that yielded nothing (the run carries on), the
/// templates, the pool, or a halt (the run ends, saying why).
public struct EngineError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Kind: Sendable, Hashable {
        case requestFailed(RequestID, RequestFailure)
        case templates(TemplateError)
        case pool(String)
        case halted(HaltReason)
    }

    private let kind: Kind

    private init(_ kind: Kind) {
        self.kind = kind
    }

    /// `request` failed for good (the client's retries included) or its answer held nothing
    /// usable; like upstream, its prompt yields nothing and the round carries on.
    public static func requestFailed(_ request: RequestID, _ failure: RequestFailure) -> EngineError {
        EngineError(.requestFailed(request, failure))
    }

    /// The pool's template folder could not be used.
    public static func templates(_ error: TemplateError) -> EngineError {
        EngineError(.templates(error))
    }

    /// Reading or writing the pool failed; `message` is the pool's own error, which names
    /// the file.
    public static func pool(_ message: String) -> EngineError {
        EngineError(.pool(message))
    }

    /// The engine stopped asking the endpoint (see `HaltReason`).
    public static func halted(_ reason: HaltReason) -> EngineError {
        EngineError(.halted(reason))
    }

    /// The request that failed for good, when that is what this error reports.
    public var failedRequest: RequestID? {
        if case .requestFailed(let request, _) = kind { return request }
        return nil
    }

    /// Why the request failed, when this error reports a failed request.
    public var requestFailure: RequestFailure? {
        if case .requestFailed(_, let failure) = kind { return failure }
        return nil
    }

    /// Why the engine stopped asking the endpoint, when this error reports a halt.
    public var haltReason: HaltReason? {
        if case .halted(let reason) = kind { return reason }
        return nil
    }

    /// Whether this is the pool failing (locked, read-only, disk full), not the endpoint.
    public var isPoolFailure: Bool {
        if case .pool = kind { return true }
        return false
    }

    /// What happened and what to do next.
    public var description: String {
        switch kind {
        case .requestFailed(let request, let failure):
            "request \(request) failed: \(failure) Its prompt yields nothing; the run carries on."
        case .templates(let error):
            error.description
        case .pool(let message):
            "the pool could not be updated: \(message)\(message.hasSuffix(".") ? "" : ".") Free space or fix the file's permissions, then resume (the pool keeps everything up to the last whole round)."
        case .halted(let reason):
            reason.description
        }
    }
}
