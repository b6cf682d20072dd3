import BundledSeeds
import Foundation
import Testing

/// One line of an upstream `seed_tasks.jsonl`; decoding fails on a missing field or a wrong type.
private struct SeedTask: Decodable {
    struct Instance: Decodable {
        let input: String
        let output: String
    }

    let id: String
    let name: String
    let instruction: String
    let instances: [Instance]
    let is_classification: Bool
}

/// A task together with the line it came from, so failures point at `seed_tasks.jsonl:N`.
private struct NumberedTask {
    let line: Int
    let task: SeedTask

    var location: String { "\(BundledSeeds.sourceName):\(line) (\(task.name))" }
}

/// The upstream instruction filters (self-instruct's keyword list plus Alpaca's additions):
/// a seed that one of them would reject would teach the model to write rejected tasks.
private let blacklistedKeywords = [
    "image", "images", "graph", "graphs", "picture", "pictures", "file", "files", "map", "maps",
    "draw", "plot", "go to", "video", "audio", "music", "flowchart", "diagram",
]

/// Python's `string.punctuation`, which upstream refuses as an instruction's first character.
private let pythonPunctuation = Set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")

private let bundledLines: [String] = BundledSeeds.jsonLines
    .split(separator: "\n", omittingEmptySubsequences: false)
    .map(String.init)
    .dropLastIfEmpty()

private let bundledTasks: [NumberedTask] = bundledLines.enumerated().compactMap { index, line in
    guard let task = try? JSONDecoder().decode(SeedTask.self, from: Data(line.utf8)) else { return nil }
    return NumberedTask(line: index + 1, task: task)
}

extension Array where Element == String {
    fileprivate func dropLastIfEmpty() -> [String] {
        last == "" ? Array(dropLast()) : self
    }
}

@Suite struct BundledSeedsTests {
    @Test func bundleIsCleanUTF8WithUnixLineEnds() {
        let text = BundledSeeds.jsonLines
        #expect(!text.contains("\u{FFFD}"), "invalid UTF-8 (decoded as U+FFFD) in the bundle")
        #expect(!text.hasPrefix("\u{FEFF}"), "the bundle starts with a byte order mark")
        #expect(!text.contains("\r"), "the bundle has CR line ends")
        #expect(!bundledLines.contains(""), "the bundle has a blank line")
    }

    @Test func holdsAtLeast150Tasks() {
        #expect(bundledLines.count >= 150)
    }

    @Test func everyLineIsOneSeedTaskWithExactlyTheUpstreamFields() throws {
        for (index, line) in bundledLines.enumerated() {
            let location = "\(BundledSeeds.sourceName):\(index + 1)"
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                "\(location) is not a JSON object")
            #expect(
                Set(object.keys) == ["id", "name", "instruction", "instances", "is_classification"],
                "\(location) has fields \(object.keys.sorted())")
            for instance in object["instances"] as? [[String: Any]] ?? [] {
                #expect(Set(instance.keys) == ["input", "output"], "\(location) instance fields")
            }
            #expect(
                (try? JSONDecoder().decode(SeedTask.self, from: Data(line.utf8))) != nil,
                "\(location) has a missing field or a field of the wrong type")
        }
        #expect(bundledTasks.count == bundledLines.count)
    }

    @Test func idsAreNumberedAndNamesAreSnakeCase() {
        for (position, numbered) in bundledTasks.enumerated() {
            #expect(numbered.task.id == "seed_task_\(position)", "\(numbered.location) id \(numbered.task.id)")
            let name = numbered.task.name
            let isSnakeCase = !name.isEmpty && name.first!.isLetter
                && name.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "_" }
            #expect(isSnakeCase, "\(numbered.location) name is not snake_case")
        }
    }

    @Test func idsAndNamesAreUnique() {
        let ids = bundledTasks.map(\.task.id)
        let names = bundledTasks.map(\.task.name)
        #expect(Set(ids).count == ids.count, "duplicate ids")
        #expect(Set(names).count == names.count, "duplicate names")
    }

    @Test func fifteenToTwentyPercentAreClassification() {
        let share = Double(bundledTasks.filter(\.task.is_classification).count) / Double(bundledTasks.count)
        #expect((0.15...0.20).contains(share), "classification share is \(share)")
    }

    @Test func everyTaskHasOneToThreeWellFormedInstances() {
        for numbered in bundledTasks {
            let instances = numbered.task.instances
            #expect((1...3).contains(instances.count), "\(numbered.location) has \(instances.count) instances")
            for instance in instances {
                let input = instance.input.trimmingCharacters(in: .whitespacesAndNewlines)
                let output = instance.output.trimmingCharacters(in: .whitespacesAndNewlines)
                #expect(!output.isEmpty, "\(numbered.location) has an empty output")
                #expect(input != output, "\(numbered.location) has an output equal to its input")
                #expect(!input.hasSuffix(":"), "\(numbered.location) has an input ending in ':'")
                #expect(!output.hasSuffix(":"), "\(numbered.location) has an output ending in ':'")
            }
        }
    }

    @Test func instructionsPassTheUpstreamLengthAndStartFilters() throws {
        for numbered in bundledTasks {
            let instruction = numbered.task.instruction
            let words = instruction.split(whereSeparator: \.isWhitespace).count
            #expect((4...150).contains(words), "\(numbered.location) has \(words) words")
            let first = try #require(instruction.first, "\(numbered.location) has an empty instruction")
            #expect(first.isASCII && !pythonPunctuation.contains(first), "\(numbered.location) starts with \(first)")
            #expect(!instruction.hasPrefix("Write a program"), "\(numbered.location) starts with 'Write a program'")
        }
    }

    @Test func instructionsAvoidBlacklistedKeywords() throws {
        for keyword in blacklistedKeywords {
            let pattern = try NSRegularExpression(pattern: "\\b\(keyword)\\b", options: [.caseInsensitive])
            for numbered in bundledTasks {
                let text = numbered.task.instruction
                let hit = pattern.firstMatch(in: text, range: NSRange(text.startIndex..., in: text))
                #expect(hit == nil, "\(numbered.location) contains the keyword '\(keyword)'")
            }
        }
    }
}
