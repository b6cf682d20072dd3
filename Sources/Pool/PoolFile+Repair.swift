import Foundation
import JSONLines

extension PoolFile {
    /// The members a repair may drop from a record that does not read whole, in the order
    /// tried: both are derived data (how the record was generated, its nearest neighbours
    /// then), while the instruction, instances, status and history are the person's data.
    private static let droppableMembers: [[String]] = [["provenance"], ["most_similar"], ["provenance", "most_similar"]]

    /// Repairs a record whose latest revision lists and loads but cannot be read whole (its
    /// provenance or neighbours have the wrong shape, e.g. after a hand edit): the line goes
    /// to the quarantine file byte for byte, and a new revision keeps everything else
    /// without the member(s) that would not decode, whose values go into its edit history
    /// (before: the value, after: null). Returns the members dropped, empty when the record
    /// reads whole and nothing was done.
    ///
    /// - Throws: `PoolError` when the record is unknown, or when it does not read even
    ///   without its provenance and neighbours (then nothing is changed).
    public func repairUnreadableRevision(_ id: String) throws -> [String] {
        guard let index = indexByID[id] else { throw PoolError.unknownID(id, pool: path) }
        let entry = entries[index]
        let bytes = try FileIO.readExactly(descriptor, count: entry.location.length, at: entry.location.offset, path: path)
        let failure: any Error
        do {
            _ = try decoder.decode(PoolRecord.self, from: Data(bytes))
            return []
        } catch {
            failure = error
        }
        let place = "\(path):\(entry.line)"
        guard let line = try? JSONParser.parse(bytes: bytes), case .object(let members) = line else {
            throw PoolError.unreadableRevision(at: place, RecordCoding.describe(failure, line: bytes))
        }
        for dropped in Self.droppableMembers {
            let kept = JSONValue.object(members.filter { !dropped.contains($0.key) })
            guard var record = try? decoder.decode(PoolRecord.self, from: Data(kept.jsonText.utf8)) else { continue }
            for (key, value) in members where dropped.contains(key) {
                record.edits.append(Edit(field: key, before: value, after: .null, at: Date()))
            }
            let reason = "'\(id)' did not read whole (\(RecordCoding.describe(failure, line: bytes))); rewritten without \(dropped.joined(separator: " and "))"
            _ = try Quarantine.append([Quarantine.Item(line: entry.line, reason: reason, bytes: bytes)], poolPath: path)
            try revise(record)
            return dropped
        }
        throw PoolError.unreadableRevision(
            at: place, RecordCoding.describe(failure, line: bytes) + "; it does not read without its provenance and neighbours either")
    }
}
