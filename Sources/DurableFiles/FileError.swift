#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file operation failed: which one, on which path, and the system's reason.
public struct FileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was being done (`create`, `write`, `rename … to`).
    public var operation: String
    /// The file or folder it was done to.
    public var path: String
    /// The system's error number.
    public var code: Int32

    /// An error for `operation` on `path`; `code` defaults to the caller's `errno`.
    public init(_ operation: String, path: String, code: Int32 = errno) {
        self.operation = operation
        self.path = path
        self.code = code
    }


    public var description: String {
        let advice: String
        switch code {
        case ENOSPC, EDQUOT: advice = "; free some space and try again"
        case EACCES, EPERM, EROFS: advice = "; check that the folder is writable"
        case ENOENT: advice = "; check that the folder exists"
        default: advice = ""
        }
        return "\(operation) \(path) failed: \(String(cString: strerror(code))) (errno \(code))\(advice)"
    }
}
