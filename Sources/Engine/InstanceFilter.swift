import Pool

/// An instance that a filter dropped, with the reason.
public struct DroppedInstance: Sendable, Hashable {
    /// The instance as parsed.
    public var instance: Instance
    /// Why it was dropped.
    public var reason: InstanceRejectionReason
}

/// What remains of a task's parsed instances after the filters.
public struct InstanceSelection: Sendable, Hashable {
    /// The kept instances, in the order the model wrote them.
    public var kept: [Instance]
    /// Every other parsed instance, in the order the filters dropped them.
    public var dropped: [DroppedInstance]
    /// Set when the task as a whole has no usable instances for one reason: nothing parsed,
    /// or conflicting outputs for one input.
    public var taskRejection: InstanceRejectionReason?

    /// Why the task ends up with no instances: `taskRejection`, or `all-dropped` when the
    /// filters dropped each one; nil when some were kept.
    public var taskReason: InstanceRejectionReason? {
        guard kept.isEmpty else { return nil }
        return taskRejection ?? .allDropped(dropped)
    }

    /// The reasons as the pool stores them (`instances_why`); nil when nothing was dropped.
    public var poolReasons: InstanceReasons? {
        guard taskReason != nil || !dropped.isEmpty else { return nil }
        func stored(_ reason: InstanceRejectionReason) -> InstanceReasons.Reason {
            InstanceReasons.Reason(name: reason.name, detail: reason.description)
        }
        return InstanceReasons(
            task: taskReason.map(stored),
            dropped: dropped.map { InstanceReasons.Dropped(input: $0.instance.input, output: $0.instance.output, reason: stored($0.reason)) })
    }
}

/// The per-task instance filters of upstream's stage 4 (reference §1.5), in order: drop the
/// last instance of a completion cut off by length; drop instances whose input or output
/// holds a control character (ours), whose input equals the output, whose output is empty,
/// or whose input or output ends with `:`; drop the whole task
/// if one non-empty input has different outputs; remove duplicates; keep at most `limit`.
public struct InstanceFilter: Sendable {
    /// The most instances kept per task (5 upstream).
    public var limit: Int

    /// A filter keeping at most `limit` instances per task.
    public init(limit: Int = 5) {
        self.limit = limit
    }

    /// Applies the filters to `instances`, parsed from a completion that stopped at
    /// `max_tokens` if `cutOffByLength`. `generator` picks which instances survive the limit.
    ///
    /// Duplicates are removed keeping the first occurrence in order, where upstream used a
    /// Python `set`: its order depends on per-process string hashing, so upstream's later
    /// sampling could not be reproduced; ours gives the same result for the same seed. The
    /// sampled instances also keep their order. Texts compare as Swift strings (canonical
    /// equivalence), so an NFC and an NFD spelling of one text count as equal where Python
    /// would call them different; a model does not mix the two within one completion.
    public func select(
        _ instances: [Instance], cutOffByLength: Bool, using generator: inout SeededGenerator
    ) -> InstanceSelection {
        guard !instances.isEmpty else {
            return InstanceSelection(kept: [], dropped: [], taskRejection: .noneParsed)
        }
        var dropped: [DroppedInstance] = []
        var remaining = instances
        if cutOffByLength {
            dropped.append(DroppedInstance(instance: remaining.removeLast(), reason: .cutOff))
        }
        remaining = remaining.filter { instance in
            guard let reason = Self.invalidity(of: instance) else { return true }
            dropped.append(DroppedInstance(instance: instance, reason: reason))
            return false
        }
        if let input = Self.conflictingInput(in: remaining) {
            let reason = InstanceRejectionReason.conflictingOutputs(input: input)
            dropped += remaining.map { DroppedInstance(instance: $0, reason: reason) }
            return InstanceSelection(kept: [], dropped: dropped, taskRejection: reason)
        }
        var seen = Set<Instance>()
        remaining = remaining.filter { instance in
            if seen.insert(instance).inserted { return true }
            dropped.append(DroppedInstance(instance: instance, reason: .duplicate))
            return false
        }
        if remaining.count > limit {
            let keep = Set(generator.sampleIndices(limit, from: remaining.count))
            for (i, instance) in remaining.enumerated() where !keep.contains(i) {
                dropped.append(DroppedInstance(instance: instance, reason: .overLimit(limit)))
            }
            remaining = remaining.enumerated().filter { keep.contains($0.offset) }.map(\.element)
        }
        return InstanceSelection(kept: remaining, dropped: dropped, taskRejection: nil)
    }

    /// Control characters first, then upstream's `filter_invalid_instances`, checks in its order.
    private static func invalidity(of instance: Instance) -> InstanceRejectionReason? {
        if let codePoint = ControlCharacters.firstCodePoint(in: instance.input) { return .controlCharacters(in: "input", codePoint) }
        if let codePoint = ControlCharacters.firstCodePoint(in: instance.output) { return .controlCharacters(in: "output", codePoint) }
        if instance.input == instance.output { return .inputEqualsOutput }
        if instance.output.isEmpty { return .emptyOutput }
        if Python.strip(instance.input).unicodeScalars.last == ":" { return .inputEndsWithColon }
        if Python.strip(instance.output).unicodeScalars.last == ":" { return .outputEndsWithColon }
        return nil
    }

    /// The first non-empty input that appears with two different outputs, if any.
    private static func conflictingInput(in instances: [Instance]) -> String? {
        var outputs: [String: String] = [:]
        for instance in instances where !instance.input.isEmpty {
            if let earlier = outputs[instance.input], earlier != instance.output { return instance.input }
            outputs[instance.input] = instance.output
        }
        return nil
    }
}
