import DurableFiles
import Foundation

/// A pool's curation guidelines, written by whoever runs the curation: `pool.guidelines.md`
/// beside `pool.jsonl` (`<name>.guidelines.md` for a pool named `<name>.jsonl`), as the
/// pool's `pool.toml` sits beside it. The workbench shows them once when a pool with
/// guidelines first opens, and again whenever they change: the hidden marker
/// `.pool.seen-guidelines` beside the pool holds a fingerprint of the text last shown.
public struct GuidelinesFile: Sendable {
    /// Where the guidelines are looked for.
    public let url: URL
    /// The marker remembering which text was shown.
    public let seenMarker: URL

    /// The guidelines of the pool at `poolPath`.
    public init(poolPath: String) {
        let pool = URL(fileURLWithPath: poolPath)
        let name = pool.pathExtension == "jsonl" ? pool.deletingPathExtension().lastPathComponent : pool.lastPathComponent
        let folder = pool.deletingLastPathComponent()
        url = folder.appendingPathComponent("\(name).guidelines.md")
        seenMarker = folder.appendingPathComponent(".\(name).seen-guidelines")
    }

    /// The most read: a guideline longer than a megabyte is cut there.
    static let readLimit = 1 << 20

    /// Reads the guidelines and whether this text was shown before.
    public func read() -> GuidelinesReading {
        guard FileManager.default.fileExists(atPath: url.path) else { return .missing(path: url.path) }
        do {
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            let data = try handle.read(upToCount: Self.readLimit) ?? Data()
            let text = String(decoding: data, as: UTF8.self)
            let seen = (try? String(contentsOf: seenMarker, encoding: .utf8)) == Self.marker(for: text)
            return .found(Guidelines(text: text, path: url.path, seenBefore: seen))
        } catch {
            return .unreadable(path: url.path, reason: error.localizedDescription)
        }
    }

    /// Remembers that `text` was shown, so the next start does not show it again.
    /// - Throws: `FileError` when the marker cannot be written (a read-only folder).
    public func markSeen(_ text: String) throws {
        try AtomicFileWriter.write(to: seenMarker.path) { try $0.write(Self.marker(for: text)) }
    }

    /// The marker's content: a fingerprint (64-bit FNV-1a) of the text shown.
    static func marker(for text: String) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        return "guidelines shown: fnv1a-64 \(String(hash, radix: 16))\n"
    }
}

/// What reading a pool's guidelines found.
public enum GuidelinesReading: Sendable, Hashable {
    /// The guidelines.
    case found(Guidelines)
    /// No file at `path`.
    case missing(path: String)
    /// A file at `path` that could not be read, and why.
    case unreadable(path: String, reason: String)
}

/// A pool's guidelines as read.
public struct Guidelines: Sendable, Hashable {
    /// The text (Markdown, shown as written; untrusted like any file, so sanitised to draw).
    public var text: String
    /// The file it came from.
    public var path: String
    /// Whether this very text was shown in an earlier session.
    public var seenBefore: Bool
}
