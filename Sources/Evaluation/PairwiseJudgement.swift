import Foundation
import JSONLines

/// Two systems compared on the same tasks, in name order (so `A,B` and `B,A` are one pair).
public struct SystemPair: Sendable, Hashable {
    /// The system whose name sorts first.
    public let first: String
    /// The other system.
    public let second: String

    /// The pair of `one` and `other`, whichever order they come in.
    public init(_ one: String, _ other: String) {
        (first, second) = one <= other ? (one, other) : (other, one)
    }

    /// The pair `A,B` names (white space around a name aside); nil unless it names two
    /// different systems.
    public init?(naming value: String) {
        let names = value.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard names.count == 2, !names[0].isEmpty, !names[1].isEmpty, names[0] != names[1] else { return nil }
        self.init(names[0], names[1])
    }
}

/// Which of the two responses on screen a rater preferred: the one shown first (left, or
/// top at 80 columns), the one shown second, or neither.
public enum PairwiseChoice: String, Sendable, Hashable, CaseIterable {
    /// The response shown first is better.
    case first
    /// The response shown second is better.
    case second
    /// Equally good (or equally bad).
    case tie
}

/// One person's judgement of two systems' responses to one task, or the withdrawal of an
/// earlier one (an undo). Stored as the rater saw it (which system was shown first, and
/// which side they chose), so the file says exactly what happened; the latest record for a
/// rater, task and pair holds.
public struct PairwiseJudgement: Sendable, Hashable {
    /// The task both responses answer.
    public var taskID: String
    /// The systems compared.
    public var pair: SystemPair
    /// The system whose response was shown first (never shown by name).
    public var shownFirst: String
    /// The choice; nil withdraws the rater's earlier judgement of this task and pair.
    public var choice: PairwiseChoice?
    /// Who judged.
    public var rater: String
    /// The rater's note on why, if they wrote one.
    public var note: String?
    /// When, as ISO 8601 text.
    public var time: String

    /// A judgement with the given fields; `shownFirst` is one of `pair`'s systems.
    public init(
        taskID: String, pair: SystemPair, shownFirst: String, choice: PairwiseChoice?, rater: String, note: String? = nil, time: String
    ) {
        self.taskID = taskID
        self.pair = pair
        self.shownFirst = shownFirst
        self.choice = choice
        self.rater = rater
        self.note = note
        self.time = time
    }

    /// The system judged better; nil for a tie or a withdrawal.
    public var winner: String? {
        let shownSecond = shownFirst == pair.first ? pair.second : pair.first
        switch choice {
        case .first?: return shownFirst
        case .second?: return shownSecond
        case .tie?, nil: return nil
        }
    }

    /// The record as stored in `pairwise/RATER.jsonl`.
    public var json: JSONValue {
        var members: [(String, JSONValue)] = [
            ("task", .string(taskID)), ("pair", .array([.string(pair.first), .string(pair.second)])),
            ("shown_first", .string(shownFirst)), ("choice", choice.map { .string($0.rawValue) } ?? .null),
            ("rater", .string(rater)),
        ]
        if let note { members.append(("note", .string(note))) }
        members.append(("time", .string(time)))
        return .object(members)
    }

    /// Reads a stored record; nil when a field is missing, the pair is not two systems, the
    /// system shown first is not one of them, or the choice is not first, second, tie or null.
    init?(json: JSONValue) {
        guard let task = json["task"]?.stringValue, let names = json["pair"]?.arrayValue?.compactMap(\.stringValue),
              names.count == 2, names[0] != names[1], let shownFirst = json["shown_first"]?.stringValue,
              names.contains(shownFirst), let rater = json["rater"]?.stringValue, let value = json["choice"] else { return nil }
        var choice: PairwiseChoice?
        if value != .null {
            guard let text = value.stringValue, let parsed = PairwiseChoice(rawValue: text) else { return nil }
            choice = parsed
        }
        self.init(taskID: task, pair: SystemPair(names[0], names[1]), shownFirst: shownFirst, choice: choice,
                  rater: rater, note: json["note"]?.stringValue, time: json["time"]?.stringValue ?? "")
    }
}
