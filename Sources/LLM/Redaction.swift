// Text that may carry a secret, made safe to print. Every URL and header the client shows
// (errors, events, descriptions, `selfinstruct config`) goes through these.

/// `url` with its credentials hidden: the user and password of `http://user:key@host/v1`
/// and the values of secret-looking query parameters (`?api_key=…`) become `<redacted>`.
/// Works on malformed URLs too, since those show up in error messages.
public func redactedURL(_ url: String) -> String {
    var rest = Substring(url)
    var result = ""
    if let scheme = rest.range(of: "://") {
        result += rest[..<scheme.upperBound]
        rest = rest[scheme.upperBound...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        if let at = rest[..<authorityEnd].lastIndex(of: "@") {
            result += "<redacted>"
            rest = rest[at...]
        }
    }
    guard let question = rest.firstIndex(of: "?") else { return result + rest }
    result += rest[...question]
    let query = rest[rest.index(after: question)...]
    let fragmentStart = query.firstIndex(of: "#") ?? query.endIndex
    result += query[..<fragmentStart].split(separator: "&", omittingEmptySubsequences: false).map { item in
        guard let equals = item.firstIndex(of: "="), isSecretName(item[..<equals]) else { return String(item) }
        return item[...equals] + "<redacted>"
    }.joined(separator: "&")
    return result + query[fragmentStart...]
}

/// Headers safe to print: Authorization, cookies and anything named like a key or token
/// show as "<redacted>".
func redacted(_ headers: [(name: String, value: String)]) -> [(name: String, value: String)] {
    headers.map { header in
        (header.name, isSecretName(header.name) ? "<redacted>" : header.value)
    }
}

/// A header or parameter name that says its value is a secret.
private func isSecretName(_ name: some StringProtocol) -> Bool {
    let name = name.lowercased()
    return name == "authorization" || name == "proxy-authorization" || name.contains("cookie")
        || name.contains("key") || name.contains("token") || name.contains("secret") || name.contains("password")
        || name == "sig" || name == "signature"
}
