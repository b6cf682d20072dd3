/// One column of the paper's Table 1 for a set of records: tasks by classification,
/// instances, empty inputs, and the words of instructions, non-empty inputs and outputs.
/// Sums, so a record can be counted in and out again; the means are read off them.
public struct TaskFigures: Sendable, Hashable {
    /// Records counted.
    public var tasks = 0
    /// Of them, classification tasks.
    public var classification = 0
    /// Of them, tasks known not to be classification.
    public var nonClassification = 0
    /// Of them, tasks not yet classified.
    public var unclassified = 0
    /// Their instances.
    public var instances = 0
    /// Of those, instances with an empty input.
    public var emptyInputs = 0
    /// Words of all the instructions.
    public var instructionWords = 0
    /// Words of all the non-empty inputs.
    public var inputWords = 0
    /// Words of all the outputs.
    public var outputWords = 0

    /// No records.
    public init() {}

    /// Instances whose input is not empty.
    public var nonEmptyInputs: Int { instances - emptyInputs }
    /// Mean words per instruction; nil without tasks.
    public var meanInstructionWords: Double? { Self.mean(instructionWords, tasks) }
    /// Mean words per non-empty input; nil without one.
    public var meanInputWords: Double? { Self.mean(inputWords, nonEmptyInputs) }
    /// Mean words per output; nil without instances.
    public var meanOutputWords: Double? { Self.mean(outputWords, instances) }

    /// Counts a record in (`delta` 1) or out (-1), given its instances' summary and its
    /// instruction's word count.
    mutating func count(_ entry: PoolEntry, _ summary: InstanceSummary, instructionWords words: Int, by delta: Int) {
        tasks += delta
        switch entry.isClassification {
        case true?: classification += delta
        case false?: nonClassification += delta
        case nil: unclassified += delta
        }
        instructionWords += words * delta
        for length in summary.lengths {
            instances += delta
            if length.inputWords == 0 { emptyInputs += delta } else { inputWords += Int(length.inputWords) * delta }
            outputWords += Int(length.outputWords) * delta
        }
    }

    /// Both sets' figures together.
    public static func + (lhs: TaskFigures, rhs: TaskFigures) -> TaskFigures {
        var sum = lhs
        sum.tasks += rhs.tasks
        sum.classification += rhs.classification
        sum.nonClassification += rhs.nonClassification
        sum.unclassified += rhs.unclassified
        sum.instances += rhs.instances
        sum.emptyInputs += rhs.emptyInputs
        sum.instructionWords += rhs.instructionWords
        sum.inputWords += rhs.inputWords
        sum.outputWords += rhs.outputWords
        return sum
    }

    private static func mean(_ sum: Int, _ count: Int) -> Double? {
        count > 0 ? Double(sum) / Double(count) : nil
    }
}
