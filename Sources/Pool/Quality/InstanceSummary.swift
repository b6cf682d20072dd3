/// What an open pool keeps of a record's instances once it has read them: their lengths in
/// words, for the statistics, and the defect flags their text raises (the instances
/// themselves stay on disk). See `PoolEntry.instanceSummary` for when it is read.
public struct InstanceSummary: Sendable, Hashable {
    /// One instance's length in whitespace-separated words.
    public struct Length: Sendable, Hashable {
        /// Words of the input; 0 for an empty input.
        public var inputWords: UInt32
        /// Words of the output.
        public var outputWords: UInt32
    }

    /// Every instance's length, in the record's order (a person's rejected ones too, as
    /// `PoolEntry.instanceCount` counts them).
    public let lengths: [Length]
    /// The flags the instances raise (all but `cannotDo`, which the instruction alone raises
    /// by keywords the config may change). Instances a person rejected raise none.
    public let flags: DefectFlags

    /// No instances, no flags.
    public static let empty = InstanceSummary(lengths: [], flags: DefectFlags())

    private init(lengths: [Length], flags: DefectFlags) {
        self.lengths = lengths
        self.flags = flags
    }

    /// The summary of a task's instances. `droppedInstances` counts the instances the
    /// instance filters dropped per reason name; a `cut-off` one flags the record.
    public init(instruction: String, instances: [Instance], droppedInstances: [String: Int]) {
        self.init(instruction: instruction, readInstances: instances, droppedInstances: droppedInstances)
    }

    /// The summary of instances as a pool line holds them, nil for an element that is not an
    /// instance: it counts (as `instanceCount` always counted every element) with no words and
    /// no flags, and a full read of the record reports it.
    init(instruction: String, readInstances instances: [Instance?], droppedInstances: [String: Int]) {
        guard !instances.isEmpty || droppedInstances["cut-off"] != nil else {
            self = .empty
            return
        }
        var flags = DefectFlags()
        if droppedInstances["cut-off", default: 0] > 0 { flags.insert(.cutOff) }
        var instructionScript: Script??
        lengths = instances.map { instance in
            guard let instance else { return Length(inputWords: 0, outputWords: 0) }
            return Length(inputWords: UInt32(PoolTally.wordCount(instance.input)), outputWords: UInt32(PoolTally.wordCount(instance.output)))
        }
        for case let instance? in instances where instance.status != .rejected {
            let checks = InstanceChecks(input: instance.input, output: instance.output)
            flags.bits |= checks.flags.bits
            if instructionScript == nil { instructionScript = .some(Script.dominant(in: instruction)) }
            if let expected = instructionScript!, !flags.contains(.scriptMismatch), checks.isOutput(outOf: expected, for: instruction) {
                flags.insert(.scriptMismatch)
            }
        }
        self.flags = flags
    }
}
