#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file a person asked output to go to (`export -o`, the workbench's `:export`), checked
/// before anything is written: `~` expanded, a folder refused, an existing file replaced
/// only when the person said so. Checking first means a refused target leaves nothing
/// behind, not even `AtomicFileWriter`'s temporary file.
public struct OutputTarget: Sendable, Hashable {
    /// The path as it will be written: `~` expanded, otherwise as given.
    public let path: String

    /// Why a target cannot be written to as asked.
    public struct Refusal: Error, Sendable, Hashable, CustomStringConvertible {
        /// What is in the way.
        public enum Reason: Sendable, Hashable {
            /// The path names a folder.
            case folder
            /// The path names an existing file and overwriting was not allowed.
            case existingFile
        }

        /// What is in the way.
        public let reason: Reason
        /// The target, `~` expanded.
        public let path: String

        /// A refusal of `path` for `reason`.
        public init(reason: Reason, path: String) {
            self.reason = reason
            self.path = path
        }

        /// E.g. `/home/me/out is a folder; give a file name in it, e.g. /home/me/out/train.jsonl`.
        public var description: String {
            switch reason {
            case .folder:
                let slash = path.hasSuffix("/") ? "" : "/"
                return "\(path) is a folder; give a file name in it, e.g. \(path)\(slash)train.jsonl"
            case .existingFile:
                return "\(path) already exists"
            }
        }
    }

    /// Checks `path` (with `~` and `~/…` taken from `home`) and returns the target.
    /// - Parameter overwriting: whether an existing file may be replaced.
    /// - Throws: `Refusal` for a folder, or for an existing file unless `overwriting`.
    public init(_ path: String, overwriting: Bool, home: String? = OutputTarget.homeDirectory) throws(Refusal) {
        let expanded = Self.expandingHome(in: path, home: home)
        var status = stat()
        if stat(expanded, &status) == 0 {
            if status.st_mode & S_IFMT == S_IFDIR { throw Refusal(reason: .folder, path: expanded) }
            if !overwriting { throw Refusal(reason: .existingFile, path: expanded) }
        } else if expanded.hasSuffix("/") {
            // "out/" can only name a folder, even one that does not exist yet.
            throw Refusal(reason: .folder, path: expanded)
        }
        self.path = expanded
    }

    /// `path` with a leading `~` or `~/` replaced by `home`; other paths (and `~user`) as given.
    public static func expandingHome(in path: String, home: String?) -> String {
        guard let home, !home.isEmpty, path == "~" || path.hasPrefix("~/") else { return path }
        guard path != "~" else { return home }
        return (home.hasSuffix("/") ? String(home.dropLast()) : home) + path.dropFirst()
    }

    /// `$HOME`, else the password database's home directory of this user.
    public static var homeDirectory: String? {
        if let home = getenv("HOME"), home.pointee != 0 { return String(cString: home) }
        guard let entry = getpwuid(getuid()), let directory = entry.pointee.pw_dir else { return nil }
        return String(cString: directory)
    }
}
