import LLM
import Terminal

/// Each endpoint's figures in words, for the status bar (short) and the Stats view (whole).
/// Names and models come from config and servers: sanitised before they are drawn.
enum EndpointFigures {
    /// `fast 3↑ 41/min $0.02 · slow ✗2 rests 8 s`: in flight, answers in the last minute,
    /// errors, cost and health of each endpoint.
    static func short(_ endpoints: [EndpointStatus], costKnown: Bool) -> String {
        endpoints.map { endpoint in
            var parts = [TextSanitizer.singleLine(endpoint.name), "\(endpoint.inFlight)↑", "\(endpoint.answersLastMinute)/min"]
            if endpoint.errors > 0 { parts.append("✗\(endpoint.errors)") }
            if costKnown { parts.append(dollars(endpoint.cost)) }
            if let health = health(endpoint.health) { parts.append(health) }
            return parts.joined(separator: " ")
        }.joined(separator: " · ")
    }

    /// `fast (llama-3-8b): 3 in flight, 41 answers in the last minute, 812 in all, 2 errors,
    /// $0.0213, rests 8 s; last failure: …`.
    static func line(_ endpoint: EndpointStatus, costKnown: Bool) -> String {
        var parts = ["\(endpoint.inFlight) in flight", "\(endpoint.answersLastMinute) answers in the last minute",
                     "\(endpoint.answered) in all", "\(endpoint.errors) error\(endpoint.errors == 1 ? "" : "s")"]
        if costKnown { parts.append(String(format: "$%.4f", endpoint.cost)) }
        parts.append(health(endpoint.health) ?? "healthy")
        let failure = endpoint.lastFailure.map { "; last failure: " + $0 } ?? ""
        return TextSanitizer.singleLine("\(endpoint.name) (\(endpoint.model)): " + parts.joined(separator: ", ") + failure)
    }

    private static func health(_ health: EndpointStatus.Health) -> String? {
        switch health {
        case .healthy: nil
        case .resting(let left): "rests \(Int(left.components.seconds) + (left.components.attoseconds > 0 ? 1 : 0)) s"
        case .unusable: "unusable"
        }
    }

    private static func dollars(_ cost: Double) -> String { String(format: "$%.2f", cost) }
}
