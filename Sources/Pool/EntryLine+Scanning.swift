import Foundation
import JSONLines

/// Opening a pool reads the resident fields of every line with `JSONScanner` instead of
/// `JSONDecoder`, which spends most of its time building containers and keys: one walk over
/// the line, counting `instances` and taking the highest `most_similar` score without
/// keeping them, skipping `provenance` by a byte scan.
extension EntryLine {
    /// The same fields `init(from:)` decodes, or nil when the line is anything but a plain
    /// pool line: malformed, a type or status it does not expect, a repeated member, a newer
    /// `format_version`. The loader then decodes the line with `JSONDecoder`, which reads it
    /// or says what is wrong.
    init?(scanning line: UnsafeRawBufferPointer) {
        var reader = JSONScanner(line)
        var id: String?, instruction: String?, status: RecordStatus?, why: StatusReason?
        var revision = 1, restores: Int?, action: ActionStamp?, isClassification: Bool?, round: Int?, instanceCount = 0
        var instancesWhy: String?, droppedInstances: [String: Int] = [:]
        var nearestSimilarity: Double?, avgSimilarityScore: Double?, origin: RecordOrigin?
        let complete = reader.readObject { (reader, member: EntryMember) in
            switch member {
            case .formatVersion:
                guard let version = reader.readNullable({ $0.readInt() }) else { return false }
                return (version ?? 1) <= PoolRecord.currentFormatVersion
            case .id:
                id = reader.readString()
                return id != nil
            case .revision:
                guard let value = reader.readNullable({ $0.readInt() }) else { return false }
                revision = value ?? 1
            case .restores:
                guard let value = reader.readNullable({ $0.readInt() }) else { return false }
                restores = value
            case .action:
                guard let stamp = reader.readNullable({ $0.readActionStamp() }) else { return false }
                action = stamp
            case .instruction:
                instruction = reader.readString()
                return instruction != nil
            case .status:
                status = reader.readString().flatMap(RecordStatus.init(rawValue:))
                return status != nil
            case .why:
                guard let reason = reader.readNullable({ $0.readStatusReason() }) else { return false }
                why = reason
            case .isClassification:
                guard let value = reader.readNullable({ $0.readBool() }) else { return false }
                isClassification = value
            case .round:
                guard let value = reader.readNullable({ $0.readInt() }) else { return false }
                round = value
            case .instances:
                guard let count = reader.readNullable({ $0.countArrayElements() }) else { return false }
                instanceCount = count ?? 0
            case .instancesWhy:
                guard let reasons = reader.readNullable({ $0.readInstanceReasonNames() }) else { return false }
                instancesWhy = reasons?.task
                droppedInstances = reasons?.dropped ?? [:]
            case .mostSimilar:
                if reader.readNull() { return true }
                guard let highest = reader.readHighestScore() else { return false }
                nearestSimilarity = highest
            case .avgSimilarityScore:
                guard let value = reader.readNullable({ $0.readDouble() }) else { return false }
                avgSimilarityScore = value
            case .provenance:
                guard let found = reader.readNullable({ $0.readOrigin() }) else { return false }
                origin = found ?? nil
            }
            return true
        }
        guard complete, reader.isAtEnd(), let id, let instruction, let status else { return nil }
        self.origin = origin
        self.id = id
        self.revision = revision
        self.restores = restores
        self.action = action
        self.instruction = instruction
        self.status = status
        self.why = why
        self.isClassification = isClassification
        self.round = round
        self.instanceCount = instanceCount
        self.instancesWhy = instancesWhy
        self.droppedInstances = droppedInstances
        self.nearestSimilarity = nearestSimilarity
        self.avgSimilarityScore = avgSimilarityScore
    }
}

/// Where the bulky members of a pool line are (`provenance` and `most_similar`), and the
/// highest `most_similar` score, found with the scanner: what the loader blanks out before
/// it decodes a line `EntryLine.init(scanning:)` declined with `JSONDecoder`, which would
/// otherwise parse every byte of them.
struct BulkyMembers {
    /// The byte ranges of the members' values, in line order.
    var valueRanges: [Range<Int>] = []
    /// The highest `most_similar` score, nil when there is none.
    var nearestSimilarity: Double?

    /// Nil when the line's top level does not scan cleanly, or its `most_similar` holds
    /// anything but numbers the scanner reads exactly: the line is then decoded whole.
    init?(scanning line: UnsafeRawBufferPointer) {
        var scanner = JSONScanner(line)
        var ranges: [Range<Int>] = []
        var nearest: Double?
        let complete = scanner.readObject { (scanner, member: BulkyMember) in
            scanner.skipWhitespace()
            let start = scanner.position
            switch member {
            case .provenance:
                guard scanner.skipValue() else { return false }
            case .mostSimilar:
                if scanner.readNull() { return true }
                guard let highest = scanner.readHighestScore() else { return false }
                nearest = highest
            }
            ranges.append(start..<scanner.position)
            return true
        }
        guard complete, scanner.isAtEnd() else { return nil }
        valueRanges = ranges
        nearestSimilarity = nearest
    }

    /// The line with each bulky value replaced by `null`, which `EntryLine` reads as absent.
    func blankingValues(of line: UnsafeRawBufferPointer) -> Data {
        var trimmed = Data(capacity: line.count)
        var start = 0
        for range in valueRanges {
            trimmed.append(contentsOf: UnsafeRawBufferPointer(rebasing: line[start..<range.lowerBound]))
            trimmed.append(contentsOf: "null".utf8)
            start = range.upperBound
        }
        trimmed.append(contentsOf: UnsafeRawBufferPointer(rebasing: line[start...]))
        return trimmed
    }
}

private enum BulkyMember: Int, ObjectMember {
    case provenance, mostSimilar

    init?(_ key: JSONScanner.Key) {
        switch key {
        case "provenance": self = .provenance
        case "most_similar": self = .mostSimilar
        default: return nil
        }
    }
}

/// The top-level members of a pool line that `EntryLine` reads, and `provenance`, which it
/// skips but which must not repeat (such a line is left to `JSONDecoder`, as a whole).
private enum EntryMember: Int, ObjectMember {
    case formatVersion, id, revision, restores, action, instruction, status, why, isClassification, round
    case instances, instancesWhy, mostSimilar, avgSimilarityScore, provenance

    init?(_ key: JSONScanner.Key) {
        switch key {
        case "format_version": self = .formatVersion
        case "id": self = .id
        case "revision": self = .revision
        case "restores": self = .restores
        case "action": self = .action
        case "instruction": self = .instruction
        case "status": self = .status
        case "why": self = .why
        case "is_classification": self = .isClassification
        case "round": self = .round
        case "instances": self = .instances
        case "instances_why": self = .instancesWhy
        case "most_similar": self = .mostSimilar
        case "avg_similarity_score": self = .avgSimilarityScore
        case "provenance": self = .provenance
        default: return nil
        }
    }
}

private extension JSONScanner {
    /// The highest value of a `most_similar` object, `.some(nil)` when it is empty; the
    /// neighbour texts are only skipped. Both loader paths take the maximum this way
    /// (`max(highest, score)` in member order), so even the sign of a zero agrees.
    mutating func readHighestScore() -> Double?? {
        var highest: Double?
        let complete = readValues { reader in
            // Scores are written highest first, so the rest are only compared, not converted.
            if let current = highest, current > 0 {
                switch reader.readDouble(below: current) {
                case .below?: return true
                case .value(let score)?: highest = max(current, score)
                case nil: return false
                }
                return true
            }
            guard let score = reader.readDouble() else { return false }
            highest = max(highest ?? score, score)
            return true
        }
        return complete ? .some(highest) : nil
    }

    /// A `why` object as `StatusReason`'s Codable conformance reads it.
    mutating func readStatusReason() -> StatusReason? {
        var kind: String?, value: StatusReason.Value?, neighbour: String?, note: String?
        let complete = readObject { (reader, member: StatusReasonMember) in
            switch member {
            case .kind:
                kind = reader.readString()
                return kind != nil
            case .value:
                guard let read = reader.readNullable({ $0.readStatusValue() }) else { return false }
                value = read
            case .neighbour:
                guard let read = reader.readNullable({ $0.readString() }) else { return false }
                neighbour = read
            case .note:
                guard let read = reader.readNullable({ $0.readString() }) else { return false }
                note = read
            }
            return true
        }
        guard complete, let kind else { return nil }
        return StatusReason(kind: StatusReason.Kind(rawValue: kind), value: value, neighbour: neighbour, note: note)
    }

    /// An `action` object as `ActionStamp`'s Codable conformance reads it.
    mutating func readActionStamp() -> ActionStamp? {
        var id: String?, name: String?, undoes: String?, redoes: String?
        let complete = readObject { (reader, member: ActionStampMember) in
            guard let value = reader.readNullable({ $0.readString() }) else { return false }
            switch member {
            case .id: id = value
            case .name: name = value
            case .undoes: undoes = value
            case .redoes: redoes = value
            }
            return true
        }
        guard complete, let id else { return nil }
        return ActionStamp(id: id, name: name, undoes: undoes, redoes: redoes)
    }

    /// A number, else a text, as `StatusReason.Value` decodes.
    mutating func readStatusValue() -> StatusReason.Value? {
        if isAtString() { return readString().map(StatusReason.Value.text) }
        return readDouble().map(StatusReason.Value.number)
    }

    /// From an `instances_why` object, what an entry keeps: the task-level reason's name and
    /// the dropped instances counted by reason name. Reads every field `InstanceReasons`
    /// decodes, so a line it would refuse goes the slow way.
    mutating func readInstanceReasonNames() -> (task: String?, dropped: [String: Int])? {
        var task: String?
        var dropped: [String: Int] = [:]
        let complete = readObject { (reader, member: InstanceReasonsMember) in
            switch member {
            case .task:
                guard let name = reader.readNullable({ $0.readReasonName() }) else { return false }
                task = name
                return true
            case .dropped:
                if reader.readNull() { return true }
                return reader.readArray { reader in
                    guard let name = reader.readDroppedReasonName() else { return false }
                    dropped[name, default: 0] += 1
                    return true
                }
            }
        }
        return complete ? (task, dropped) : nil
    }

    /// The reason name of one `InstanceReasons.Dropped`, its input and output checked.
    mutating func readDroppedReasonName() -> String? {
        var input: String?, output: String?, reason: String?
        let complete = readObject { (reader, member: DroppedMember) in
            switch member {
            case .input:
                input = reader.readString()
                return input != nil
            case .output:
                output = reader.readString()
                return output != nil
            case .reason:
                reason = reader.readReasonName()
                return reason != nil
            }
        }
        guard complete, input != nil, output != nil else { return nil }
        return reason
    }

    /// The name of an `InstanceReasons.Reason`, its detail checked.
    mutating func readReasonName() -> String? {
        var name: String?, detail: String?
        let complete = readObject { (reader, member: ReasonMember) in
            switch member {
            case .name:
                name = reader.readString()
                return name != nil
            case .detail:
                detail = reader.readString()
                return detail != nil
            }
        }
        guard complete, detail != nil else { return nil }
        return name
    }
}

private enum StatusReasonMember: Int, ObjectMember {
    case kind, value, neighbour, note

    init?(_ key: JSONScanner.Key) {
        switch key {
        case "kind": self = .kind
        case "value": self = .value
        case "neighbour": self = .neighbour
        case "note": self = .note
        default: return nil
        }
    }
}

private enum ActionStampMember: Int, ObjectMember {
    case id, name, undoes, redoes

    init?(_ key: JSONScanner.Key) {
        switch key {
        case "id": self = .id
        case "name": self = .name
        case "undoes": self = .undoes
        case "redoes": self = .redoes
        default: return nil
        }
    }
}

private enum InstanceReasonsMember: Int, ObjectMember {
    case task, dropped

    init?(_ key: JSONScanner.Key) {
        switch key {
        case "task": self = .task
        case "dropped": self = .dropped
        default: return nil
        }
    }
}

private enum DroppedMember: Int, ObjectMember {
    case input, output, reason

    init?(_ key: JSONScanner.Key) {
        switch key {
        case "input": self = .input
        case "output": self = .output
        case "reason": self = .reason
        default: return nil
        }
    }
}

private enum ReasonMember: Int, ObjectMember {
    case name, detail

    init?(_ key: JSONScanner.Key) {
        switch key {
        case "name": self = .name
        case "detail": self = .detail
        default: return nil
        }
    }
}
