import JSONLines

extension JSONScanner {
    /// The origin in a `provenance` object: `.some(nil)` when its instruction call names no
    /// endpoint; nil when it does not scan.
    mutating func readOrigin() -> RecordOrigin?? {
        var origin: RecordOrigin?
        let complete = readObject { (reader, _: ProvenanceMember) in
            var name: String?, model: String?
            let read = reader.readNullable { call -> Bool? in
                call.readObject { (reader, member: CallMember) in
                    guard let value = reader.readNullable({ $0.readString() }) else { return false }
                    if member == .endpointName { name = value } else { model = value }
                    return true
                } ? true : nil
            }
            guard read != nil else { return false }
            origin = name.map { RecordOrigin(endpointName: $0, model: model) }
            return true
        }
        return complete ? .some(origin) : nil
    }
}

/// The members of `provenance` the scanner reads: only the instruction's call.
private enum ProvenanceMember: Int, ObjectMember {
    case instructionGeneration

    init?(_ key: JSONScanner.Key) {
        switch key {
        case "instruction_generation": self = .instructionGeneration
        default: return nil
        }
    }
}

/// The members of a model call that name where it was answered.
private enum CallMember: Int, ObjectMember {
    case endpointName, model

    init?(_ key: JSONScanner.Key) {
        switch key {
        case "endpoint_name": self = .endpointName
        case "model": self = .model
        default: return nil
        }
    }
}
