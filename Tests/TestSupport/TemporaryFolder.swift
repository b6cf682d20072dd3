import Foundation

/// A fresh temporary folder, removed by `remove()`.
public struct TemporaryFolder: Sendable {
    /// The folder.
    public let url: URL

    /// Creates a new empty folder under the system's temporary directory.
    public init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("selfinstruct-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// A path inside the folder.
    public func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    /// The pool file `pool.jsonl` inside the folder (not created).
    public var pool: URL { file("pool.jsonl") }

    /// The names of the files in the folder, sorted: what a test expects to be left behind.
    public func fileNames() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
    }

    /// Writes raw bytes to a file in the folder and returns its path.
    @discardableResult
    public func write(_ name: String, _ bytes: [UInt8]) throws -> URL {
        let target = file(name)
        try Data(bytes).write(to: target)
        return target
    }

    /// Writes text to a file in the folder and returns its path.
    @discardableResult
    public func write(_ name: String, _ text: String) throws -> URL {
        try write(name, Array(text.utf8))
    }

    /// The contents of a file in the folder, as text.
    public func read(_ name: String) throws -> String {
        try String(contentsOf: file(name), encoding: .utf8)
    }

    /// Deletes the folder and everything in it.
    public func remove() { try? FileManager.default.removeItem(at: url) }
}

/// Runs `body` with a fresh temporary folder, and removes the folder when `body` returns or
/// throws: the `TemporaryFolder()` + `defer { remove() }` pair in one call.
public func withTemporaryFolder<Result>(_ body: (TemporaryFolder) throws -> Result) throws -> Result {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    return try body(folder)
}

/// `withTemporaryFolder` for async tests.
public func withTemporaryFolder<Result>(_ body: (TemporaryFolder) async throws -> Result) async throws -> Result {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    return try await body(folder)
}

/// Runs `body` with a temporary folder holding `pool.jsonl` made of `lines` (one per line, or
/// no file when `lines` is nil), removed afterwards. `folder.pool` is the pool's path.
public func withTemporaryPool<Result>(lines: [String]? = nil, _ body: (TemporaryFolder) throws -> Result) throws -> Result {
    try withTemporaryFolder { folder in
        try writePool(lines, in: folder)
        return try body(folder)
    }
}

/// `withTemporaryPool` for a body that awaits.
public func withTemporaryPool<Result>(lines: [String]? = nil, _ body: (TemporaryFolder) async throws -> Result) async throws -> Result {
    try await withTemporaryFolder { folder in
        try writePool(lines, in: folder)
        return try await body(folder)
    }
}

/// Writes `pool.jsonl` of `lines` into `folder`, one per line; nothing when `lines` is nil.
private func writePool(_ lines: [String]?, in folder: TemporaryFolder) throws {
    if let lines { try folder.write("pool.jsonl", lines.map { $0 + "\n" }.joined()) }
}
