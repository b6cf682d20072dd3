import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An operation on a pool failed. The description says what happened, where, and what to do.
public struct PoolError: Error, Sendable, Equatable, CustomStringConvertible {
    private enum Reason: Sendable, Equatable {
        case locked(pool: String, pid: Int32?, lockFile: String)
        case system(operation: String, path: String, errno: Int32)
        case invalidArgument(String)
        case unknownID(id: String, pool: String)
        case duplicateID(id: String, pool: String, line: Int)
        case readOnly(pool: String)
        case unreadableRevision(pool: String, line: Int, detail: String)
        case unrepairableRevision(location: String, detail: String)
        case historyBlocked(verb: String, action: String, detail: String)
        case unreadableFile(path: String, detail: String)
        case newerFormat(location: String, detail: String, others: Int)
    }

    private let reason: Reason

    private init(_ reason: Reason) { self.reason = reason }

    /// Another process holds the pool's write lock.
    static func locked(pool: String, pid: Int32?, lockFile: String) -> PoolError {
        PoolError(.locked(pool: pool, pid: pid, lockFile: lockFile))
    }

    /// A system call failed; `errno` is read from the caller's context.
    static func system(_ operation: String, path: String, errno code: Int32 = errno) -> PoolError {
        PoolError(.system(operation: operation, path: path, errno: code))
    }

    /// A caller passed something the pool cannot use; `message` says what and how to fix it.
    static func invalidArgument(_ message: String) -> PoolError { PoolError(.invalidArgument(message)) }

    /// No record has this id in the pool at `pool`.
    public static func unknownID(_ id: String, pool: String) -> PoolError { PoolError(.unknownID(id: id, pool: pool)) }

    /// A new record's id is already taken.
    static func duplicateID(_ id: String, pool: String, line: Int) -> PoolError {
        PoolError(.duplicateID(id: id, pool: pool, line: line))
    }

    /// A change was asked of a pool opened read-only.
    static func readOnly(pool: String) -> PoolError { PoolError(.readOnly(pool: pool)) }

    /// A revision line that loaded could not be read whole (a hand edit, or the file changed
    /// under the pool).
    static func unreadableRevision(pool: String, line: Int, _ detail: String) -> PoolError {
        PoolError(.unreadableRevision(pool: pool, line: line, detail: detail))
    }

    /// A repair could not salvage a record's line: only a person can fix it.
    static func unrepairableRevision(at location: String, _ detail: String) -> PoolError {
        PoolError(.unrepairableRevision(location: location, detail: detail))
    }

    /// An undo or a redo of the action named `action` cannot be done as a whole; `detail`
    /// says what is in the way.
    static func historyBlocked(_ verb: String, _ action: String, because detail: String) -> PoolError {
        PoolError(.historyBlocked(verb: verb, action: action, detail: detail))
    }

    /// A file to import or read is not usable as a whole.
    static func unreadableFile(_ path: String, _ detail: String) -> PoolError { PoolError(.unreadableFile(path: path, detail: detail)) }

    /// A line of the pool was written by a newer selfinstruct, so this one must not write to it.
    static func newerFormat(at location: String, _ detail: String, others: Int) -> PoolError {
        PoolError(.newerFormat(location: location, detail: detail, others: others))
    }

    /// True when an undo or a redo was refused because the pool changed since (nothing was
    /// written): a person's matter to see, not a failure.
    public var isHistoryBlocked: Bool {
        if case .historyBlocked = reason { return true }
        return false
    }

    /// True when the error is another process holding the write lock.
    public var isLockedByAnotherWriter: Bool {
        if case .locked = reason { return true }
        return false
    }

    public var description: String {
        switch reason {
        case .locked(let pool, let pid, let lockFile):
            let holder = pid.map { "process \($0)" } ?? "another process"
            return "\(pool) is open for writing by \(holder) (lock file \(lockFile)); close that process first, or open the pool read-only"
        case .system(let operation, let path, let code):
            return "\(operation) \(path) failed: \(String(cString: strerror(code))) (errno \(code))"
        case .invalidArgument(let message):
            return message
        case .unknownID(let id, let pool):
            return "\(pool) has no record with id '\(id)'; `selfinstruct stats --pool \(pool)` lists what it holds"
        case .duplicateID(let id, let pool, let line):
            return "\(pool) already has a record with id '\(id)' (line \(line)); change it as a revision of that record or pick a new id"
        case .readOnly(let pool):
            return "\(pool) is open read-only; open it for writing to change it"
        case .unreadableRevision(let pool, let line, let detail):
            return "\(pool):\(line): the record can no longer be read (\(detail)); `selfinstruct check --repair --pool \(pool)` rewrites it without what does not read, keeping the line in \(pool).quarantine"
        case .unrepairableRevision(let location, let detail):
            return "\(location): the record does not read (\(detail)), not even with its invalid UTF-8 replaced and without its provenance and neighbours; it was left as it is: edit that line by hand so it holds a valid record"
        case .historyBlocked(let verb, let action, let detail):
            return "cannot \(verb) \"\(action)\": \(detail); nothing was changed"
        case .unreadableFile(let path, let detail):
            return "\(path): \(detail)"
        case .newerFormat(let location, let detail, let others):
            let more = others == 0 ? "" : " (and \(others) more line\(others == 1 ? "" : "s"))"
            return "\(location): \(detail)\(more); this version opens the pool read-only only (stats, export), so nothing in it is lost"
        }
    }
}
