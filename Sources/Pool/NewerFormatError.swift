/// A line was written by a newer selfinstruct, in a record format this one does not know.
/// Reading it would silently drop the fields added since, and the next revision would lose
/// them for good; so such a line is never loaded, only reported.
struct NewerFormatError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The line's `format_version`.
    var version: Int

    /// Throws if `version` is newer than `PoolRecord.currentFormatVersion`.
    static func check(_ version: Int) throws {
        if version > PoolRecord.currentFormatVersion { throw NewerFormatError(version: version) }
    }

    var description: String {
        "written by a newer selfinstruct (format \(version) > \(PoolRecord.currentFormatVersion)); upgrade selfinstruct to read it"
    }
}
