import Foundation
import JSONLines

/// The file formats a pool exports to.
public enum ExportFormat: String, Sendable, CaseIterable {
    /// Self-Instruct's GPT-3 fine-tuning data: `{"prompt", "completion"}` lines in the
    /// upstream template variety (reference §1.5).
    case selfInstruct = "self-instruct"
    /// OpenAI chat fine-tuning: `{"messages": [user, assistant]}` lines.
    case openAIChat = "openai-chat"
    /// One JSON array of `{"instruction", "input", "output"}` (Stanford Alpaca).
    case alpaca
    /// `{"conversations": [{"from": "human"}, {"from": "gpt"}]}` lines (ShareGPT, as
    /// LLaMA-Factory and FastChat read it).
    case sharegpt
    /// One `{"instruction", "input", "output"}` per line (upstream all_generated_instances.jsonl).
    case instances
    /// One task per line in the shape of upstream machine_generated_instructions.jsonl.
    case upstream

    /// The statuses exported when none are asked for: seeds and accepted tasks, except for
    /// `upstream`, whose file holds machine-generated tasks only.
    public var defaultStatuses: Set<RecordStatus> {
        self == .upstream ? [.accepted] : [.seed, .accepted]
    }
}

/// Options of an export.
public struct ExportOptions: Sendable {
    /// Which records to export; nil means the format's default.
    public var statuses: Set<RecordStatus>?
    /// At most this many instances per task, sampled with `seed`; nil means all.
    public var maxInstancesPerTask: Int?
    /// Seed of the sampling, template choice and shuffling: the same seed gives the same file.
    public var seed: UInt64

    public init(statuses: Set<RecordStatus>? = nil, maxInstancesPerTask: Int? = nil, seed: UInt64 = 123) {
        self.statuses = statuses
        self.maxInstancesPerTask = maxInstancesPerTask
        self.seed = seed
    }
}

/// What an export wrote.
public struct ExportSummary: Sendable, Hashable, CustomStringConvertible {
    /// Tasks exported.
    public var tasks: Int
    /// Examples (lines or array elements) written.
    public var examples: Int
    /// Tasks left out because they have no usable instance, by status.
    public var withoutInstancesByStatus: [RecordStatus: Int]

    /// A summary from its counts.
    public init(tasks: Int, examples: Int, withoutInstancesByStatus: [RecordStatus: Int] = [:]) {
        self.tasks = tasks
        self.examples = examples
        self.withoutInstancesByStatus = withoutInstancesByStatus
    }

    /// Tasks left out because they have no usable instance.
    public var tasksWithoutInstances: Int { withoutInstancesByStatus.values.reduce(0, +) }

    /// Why tasks were left out and what to run, e.g. `21 accepted tasks have no instances,
    /// so they were left out: run selfinstruct instances to generate them`; nil if none was.
    public var leftOutNote: String? { leftOutNote(remedy: Self.commandLineRemedy) }

    /// What the command line tells a person to do about tasks without instances.
    public static let commandLineRemedy = "run selfinstruct instances"

    /// `leftOutNote` with `remedy` as what to do (the workbench says `press I`).
    public func leftOutNote(remedy: String) -> String? {
        guard tasksWithoutInstances > 0 else { return nil }
        let counts = RecordStatus.allCases.compactMap { status -> String? in
            guard let count = withoutInstancesByStatus[status], count > 0 else { return nil }
            return "\(count) \(status.rawValue) \(count == 1 ? "task" : "tasks")"
        }
        let verb = tasksWithoutInstances == 1 ? "has" : "have"
        let pronoun = tasksWithoutInstances == 1 ? "it was" : "they were"
        let listed = counts.count > 1 ? counts.dropLast().joined(separator: ", ") + " and " + counts.last! : counts.joined()
        return listed + " \(verb) no instances, so \(pronoun) left out: \(remedy) to generate them"
    }

    /// `exported 12 examples from 5 tasks to train.jsonl` (no place for nil), then
    /// `leftOutNote(remedy:)` after a semicolon: the line the CLI and the workbench print.
    public func report(to destination: String?, remedy: String = commandLineRemedy) -> String {
        "exported \(examples) examples from \(tasks) tasks" + (destination.map { " to \($0)" } ?? "")
            + (leftOutNote(remedy: remedy).map { "; " + $0 } ?? "")
    }

    /// `report(to: nil)`.
    public var description: String { report(to: nil) }
}

/// Writes a pool's tasks as fine-tuning data or in upstream shapes. Instances a person
/// rejected are never exported.
public enum FineTuningExport {
    /// Writes `pool` in `format`, handing the output text to `write` in pieces.
    @discardableResult
    public static func export(
        _ pool: PoolFile, format: ExportFormat, options: ExportOptions = ExportOptions(), write: (String) throws -> Void
    ) throws -> ExportSummary {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        func line(_ value: some Encodable) throws -> String {
            String(decoding: try encoder.encode(value), as: UTF8.self)
        }
        var random = SplitMix64(seed: options.seed)
        var summary = ExportSummary(tasks: 0, examples: 0)
        var pairs: [PromptCompletion] = []
        var firstElement = true
        if format == .alpaca { try write("[") }

        try pool.forEachRecord(withStatus: options.statuses ?? format.defaultStatuses) { record in
            if format == .upstream {
                summary.tasks += 1
                summary.examples += 1
                try write(UpstreamLine(record).json.jsonText + "\n")
                return
            }
            var instances = record.usableInstances
            guard !instances.isEmpty else {
                summary.withoutInstancesByStatus[record.status, default: 0] += 1
                return
            }
            if let limit = options.maxInstancesPerTask, instances.count > limit {
                let chosen = Array(instances.indices).shuffled(using: &random).prefix(max(0, limit)).sorted()
                instances = chosen.map { instances[$0] }
            }
            summary.tasks += 1
            for instance in instances {
                let example = Example(instruction: record.instruction, input: instance.input, output: instance.output)
                switch format {
                case .selfInstruct:
                    pairs.append(SelfInstructTemplates.pair(for: example, using: &random))
                case .openAIChat:
                    try write(try line(ChatLine(example)) + "\n")
                case .sharegpt:
                    try write(try line(ShareGPTLine(example)) + "\n")
                case .instances:
                    try write(try line(example) + "\n")
                case .alpaca:
                    try write((firstElement ? "\n  " : ",\n  ") + (try line(example)))
                    firstElement = false
                case .upstream:
                    break
                }
                summary.examples += format == .selfInstruct ? 0 : 1
            }
        }

        switch format {
        case .alpaca:
            try write(firstElement ? "]\n" : "\n]\n")
        case .selfInstruct:
            // Upstream drops exact (prompt, completion) duplicates, keeping the first, then shuffles.
            var seen: Set<PromptCompletion> = []
            var unique = pairs.filter { seen.insert($0).inserted }
            unique.shuffle(using: &random)
            for pair in unique { try write(try line(pair) + "\n") }
            summary.examples = unique.count
        default:
            break
        }
        return summary
    }
}

/// One instruction/input/output example, as the `instances` and `alpaca` formats write it.
struct Example: Encodable {
    var instruction: String
    var input: String
    var output: String
}

/// A prompt/completion pair (self-instruct format).
struct PromptCompletion: Encodable, Hashable {
    var prompt: String
    var completion: String
}

/// The upstream Self-Instruct fine-tuning templates (reference §1.5).
enum SelfInstructTemplates {
    /// Upstream ends every completion with GPT-3's end-of-text token.
    static let endOfText = "<|endoftext|>"

    /// Builds the pair for one example: with probability 0.5 a lone field label such as
    /// `Sentence:` is cut from the input (and blank lines squeezed), then one template is
    /// picked uniformly.
    static func pair(for example: Example, using random: inout SplitMix64) -> PromptCompletion {
        var input = example.input.trimmingCharacters(in: .whitespacesAndNewlines)
        if Double(random.next() >> 11) / Double(1 << 53) < 0.5 {
            if fieldLabels(in: input).count == 1, let colon = input.firstIndex(of: ":") {
                input = String(input[input.index(after: colon)...]).trimmingCharacters(in: .whitespacesAndNewlines)
            }
            input = input.replacingOccurrences(of: "\n\n", with: "\n")
        }
        let instruction = example.instruction.trimmingCharacters(in: .whitespacesAndNewlines)
        let output = example.output.trimmingCharacters(in: .whitespacesAndNewlines)
        let spaced = " " + output + endOfText
        let tight = output + endOfText
        if input.isEmpty {
            let templates: [(String, String)] = [
                ("\(instruction) Output:", spaced),
                ("\(instruction)\nOutput:", spaced),
                ("\(instruction)\n\nOutput:", spaced),
                ("\(instruction)\n", tight),
                ("\(instruction)\n\n", tight),
                ("Task: \(instruction)\n\n", tight),
            ]
            let (prompt, completion) = templates[Int(random.next() % UInt64(templates.count))]
            return PromptCompletion(prompt: prompt, completion: completion)
        }
        let templates: [(String, String)] = [
            ("\(instruction)\nInput: \(input)\nOutput:", spaced),
            ("\(instruction)\n\nInput: \(input)\n\nOutput:", spaced),
            ("Task: \(instruction)\nInput: \(input)\nOutput:", spaced),
            ("\(instruction)\n\n\(input)\n\nOutput:", spaced),
            ("\(instruction)\n\n\(input)\n\n", tight),
            ("\(instruction)\n\(input)\n\n", tight),
            ("Task: \(instruction)\n\n\(input)\n\n", tight),
        ]
        let (prompt, completion) = templates[Int(random.next() % UInt64(templates.count))]
        return PromptCompletion(prompt: prompt, completion: completion)
    }

    /// The distinct `word:` labels in a text, as Python's `re.findall(r"(\w+):")` finds them.
    static func fieldLabels(in text: String) -> Set<String> {
        var labels: Set<String> = []
        var word = ""
        for character in text {
            if character.isLetter || character.isNumber || character == "_" {
                word.append(character)
            } else {
                if character == ":" && !word.isEmpty { labels.insert(word) }
                word = ""
            }
        }
        return labels
    }
}

/// `{"messages": [{"role": "user"}, {"role": "assistant"}]}`.
struct ChatLine: Encodable {
    struct Message: Encodable {
        var role: String
        var content: String
    }

    var messages: [Message]

    init(_ example: Example) {
        messages = [
            Message(role: "user", content: example.userTurn),
            Message(role: "assistant", content: example.output),
        ]
    }
}

/// `{"conversations": [{"from": "human"}, {"from": "gpt"}]}`.
struct ShareGPTLine: Encodable {
    struct Turn: Encodable {
        var from: String
        var value: String
    }

    var conversations: [Turn]

    init(_ example: Example) {
        conversations = [Turn(from: "human", value: example.userTurn), Turn(from: "gpt", value: example.output)]
    }
}

extension Example {
    /// The user's message in chat formats: the instruction, then the input after a blank line.
    var userTurn: String {
        input.isEmpty ? instruction : instruction + "\n\n" + input
    }
}

/// A task in the shape of upstream machine_generated_instructions.jsonl, written as upstream's
/// `json.dumps` does: keys in upstream's order and `most_similar` from the highest score down
/// (a JSON encoder with sorted keys would put its texts in alphabetical order).
struct UpstreamLine {
    var instruction: String
    var mostSimilar: [SimilarInstruction]
    var avgSimilarityScore: Double
    var metadata: JSONValue
    var requestIdx: Int
    /// Where a task that is not simply accepted stands, and why (a person's reason and note
    /// included); nil for accepted tasks, whose lines stay exactly upstream's.
    var curation: JSONValue?

    init(_ record: PoolRecord) {
        instruction = record.instruction
        if record.status != .accepted {
            var members: [(key: String, value: JSONValue)] = [(key: "status", value: .string(record.status.rawValue))]
            if let why = record.why {
                members.append((key: "reason", value: .string(why.kind.rawValue)))
                switch why.value {
                case .text(let text)?: members.append((key: "value", value: .string(text)))
                case .number(let number)?: members.append((key: "value", value: .number(number)))
                case nil: break
                }
                if let note = why.note { members.append((key: "note", value: .string(note))) }
            }
            curation = .object(members)
        }
        mostSimilar = record.mostSimilar
        avgSimilarityScore = record.avgSimilarityScore ?? 0
        requestIdx = record.round ?? 0
        if let kept = record.provenance?.upstreamMetadata {
            metadata = kept
        } else {
            let call = record.provenance?.instructionGeneration
            let choice = JSONValue.object([
                "finish_reason": call?.finishReason.map(JSONValue.string) ?? .null,
                "index": .number(0),
                "text": call?.rawCompletion.map(JSONValue.string) ?? .null,
            ])
            metadata = .object([
                "prompt": call?.prompt.map(JSONValue.string) ?? .null,
                "response": .object(["choices": .array([choice])]),
                "created_at": call?.completedAt.map { .string($0.formatted(.iso8601)) } ?? .null,
            ])
        }
    }

    /// The line's JSON value, members in upstream's order.
    var json: JSONValue {
        .object([
            (key: "instruction", value: .string(instruction)),
            (key: "most_similar", value: .object(mostSimilar.map { (key: $0.text, value: .number($0.score)) })),
            (key: "avg_similarity_score", value: .number(avgSimilarityScore)),
            (key: "metadata", value: metadata),
            (key: "request_idx", value: .number(requestIdx)),
        ] + (curation.map { [(key: "curation", value: $0)] } ?? []))
    }
}
