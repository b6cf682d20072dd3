import Foundation
import JSONLines

/// What a repair changed in a record that did not read whole.
public struct RecordRepair: Sendable, Hashable, CustomStringConvertible {
    /// Members whose invalid UTF-8 bytes became U+FFFD, by JSON key.
    public var replaced: [String] = []
    /// Members left out because they did not read even so: only derived data (provenance,
    /// most_similar), never the person's.
    public var dropped: [String] = []

    /// True when the record read whole and nothing was done.
    public var isEmpty: Bool { replaced.isEmpty && dropped.isEmpty }

    /// "rewritten with U+FFFD for the invalid UTF-8 in name and instances, without provenance".
    public var description: String {
        var parts: [String] = []
        if !replaced.isEmpty { parts.append("with U+FFFD for the invalid UTF-8 in " + replaced.joined(separator: " and ")) }
        if !dropped.isEmpty { parts.append("without " + dropped.joined(separator: " and ")) }
        return "rewritten " + parts.joined(separator: ", ")
    }
}

/// A record read back from a pool line that does not decode as it is: invalid UTF-8 bytes
/// read as U+FFFD, and provenance or neighbours that still do not decode left out. The
/// record's edit history gets one entry per changed member, `before` holding its value with
/// each invalid byte written `\xNN` (so the bytes survive as text) and `after` the new value
/// (null when dropped).
struct SalvagedRecord {
    /// The record to write, edits appended; `revision` is the one in the line.
    var record: PoolRecord
    /// What was changed.
    var repair: RecordRepair

    /// The members a repair may drop, in the order tried: derived data (how the record was
    /// generated, its nearest neighbours then), while the instruction, instances, status and
    /// history are the person's.
    private static let droppableMembers: [[String]] = [[], ["provenance"], ["most_similar"], ["provenance", "most_similar"]]

    /// Nil when the line is not a JSON object, or does not decode as a record even so.
    init?(line: [UInt8], decoder: JSONDecoder, at time: Date = Date()) {
        guard case .object(let members)? = try? JSONParser.parse(bytes: line, invalidUTF8: .replace),
              case .object(let escaped)? = try? JSONParser.parse(bytes: line, invalidUTF8: .escape)
        else { return nil }
        // The two readings differ exactly where the line has invalid UTF-8.
        let changed = Set(members.indices.filter { members[$0].key != escaped[$0].key || members[$0].value != escaped[$0].value })
        for dropped in Self.droppableMembers {
            let kept = JSONValue.object(members.filter { !dropped.contains($0.key) })
            guard var record = try? decoder.decode(PoolRecord.self, from: Data(kept.jsonText.utf8)) else { continue }
            var repair = RecordRepair()
            for (index, member) in members.enumerated() {
                if dropped.contains(member.key) {
                    repair.dropped.append(member.key)
                    record.edits.append(Edit(field: member.key, before: escaped[index].value, after: .null, at: time))
                } else if changed.contains(index) {
                    repair.replaced.append(member.key)
                    record.edits.append(Edit(field: member.key, before: escaped[index].value, after: member.value, at: time))
                }
            }
            guard !repair.isEmpty else { return nil }
            self.record = record
            self.repair = repair
            return
        }
        return nil
    }
}

extension PoolFile {
    /// Repairs a record whose latest revision lists and loads but cannot be read whole
    /// (invalid UTF-8 in a member the loader skips, provenance or neighbours of the wrong
    /// shape after a hand edit): the line goes to the quarantine file byte for byte, and a
    /// new revision keeps everything else (see `SalvagedRecord`). Returns what was changed,
    /// empty when the record reads whole and nothing was done.
    ///
    /// - Throws: `PoolError` when the record is unknown, or when it cannot be salvaged
    ///   (then nothing is changed).
    public func repairUnreadableRevision(_ id: String) throws -> RecordRepair {
        guard let index = indexByID[id] else { throw PoolError.unknownID(id, pool: path) }
        let entry = entries[index]
        let bytes = try FileIO.readExactly(descriptor, count: entry.location.length, at: entry.location.offset, path: path)
        let failure: any Error
        do {
            _ = try decoder.decode(PoolRecord.self, from: Data(bytes))
            return RecordRepair()
        } catch {
            failure = error
        }
        guard let salvaged = SalvagedRecord(line: bytes, decoder: decoder) else {
            throw PoolError.unrepairableRevision(at: "\(path):\(entry.line)", RecordCoding.describe(failure, line: bytes))
        }
        let reason = "'\(id)' did not read whole (\(RecordCoding.describe(failure, line: bytes))); \(salvaged.repair)"
        _ = try Quarantine.append([Quarantine.Item(line: entry.line, reason: reason, bytes: bytes)], poolPath: path)
        try revise(salvaged.record)
        return salvaged.repair
    }
}
