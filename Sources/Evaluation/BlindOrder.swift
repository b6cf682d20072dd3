import Pool

/// The order a rater sees a task's responses in: the systems shuffled per task, from the
/// evaluation's stored seed and the task's id, so it is the same on every run and machine
/// and says nothing about which system is which.
public enum BlindOrder {
    /// `systems` in the blind order for `taskID`.
    public static func systems(_ systems: [String], for taskID: String, seed: UInt64) -> [String] {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in taskID.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        var generator = SplitMix64(seed: seed ^ hash)
        // Our own Fisher–Yates rather than `shuffled(using:)`, whose use of the generator
        // the standard library does not promise to keep.
        var order = systems.sorted()
        for i in stride(from: order.count - 1, to: 0, by: -1) {
            order.swapAt(i, Int(generator.next() % UInt64(i + 1)))
        }
        return order
    }

    /// Every response of `folder` in the order a rater goes through them: task by task as
    /// imported, each task's responses in its blind order.
    public static func items(of folder: EvaluationFolder) -> [RatedItem] {
        let systems = folder.systems
        return folder.tasks.flatMap { task in
            Self.systems(systems.filter { folder.responses[$0]?[task.id] != nil }, for: task.id, seed: folder.blindSeed)
                .map { RatedItem(taskID: task.id, system: $0) }
        }
    }
}
