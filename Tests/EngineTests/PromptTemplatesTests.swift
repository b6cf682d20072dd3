import Foundation
import Testing
@testable import Engine

@Suite struct PromptTemplatesTests {
    let templates = PromptTemplates.builtIn

    /// The solved tasks of a template: the text after each `Task: ` line's instruction.
    func solvedTasks(_ file: TemplateFile) -> [(instruction: String, body: String)] {
        templates.text(file).components(separatedBy: "\n\nTask: ").dropFirst().map { block in
            let lines = block.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
            return (String(lines[0]), lines.count > 1 ? String(lines[1]) : "")
        }
    }

    @Test func everyBuiltInTemplateIsEmbeddedAndEndsWithoutALineBreak() {
        for file in TemplateFile.allCases {
            let text = templates.text(file)
            #expect(!text.isEmpty, "\(file.rawValue)")
            #expect(!text.hasSuffix("\n"), "\(file.rawValue)")
        }
    }

    @Test func fewShotTemplatesEndWithABareTaskLabel() {
        for file in [TemplateFile.classificationIdentification, .instancesOutputFirst, .instancesInputFirst] {
            #expect(templates.text(file).hasSuffix("\n\nTask:"), "\(file.rawValue)")
        }
    }

    @Test func classificationTemplateHasTwelveYesAndEighteenNoExamples() {
        let answers = templates.text(.classificationIdentification)
            .split(separator: "\n").filter { $0.hasPrefix("Is it classification? ") }
        #expect(answers.filter { $0 == "Is it classification? Yes" }.count == 12)
        #expect(answers.filter { $0 == "Is it classification? No" }.count == 18)
        #expect(templates.text(.classificationIdentification).components(separatedBy: "\nTask: ").count == 31)
    }

    @Test func outputFirstTemplateSolvedTasksParseIntoLabelledInstances() {
        let tasks = solvedTasks(.instancesOutputFirst)
        #expect(tasks.count == 14)
        for task in tasks {
            let instances = InstanceParser.parseClassification(task.body)
            #expect(!instances.isEmpty && instances.allSatisfy { !$0.output.isEmpty }, "\(task.instruction)")
        }
    }

    @Test func inputFirstTemplateSolvedTasksParseIntoInstances() {
        let tasks = solvedTasks(.instancesInputFirst)
        #expect(tasks.count == 11)
        for task in tasks {
            let instances = InstanceParser.parseGeneration(task.body)
            #expect(!instances.isEmpty && instances.allSatisfy { !$0.output.isEmpty }, "\(task.instruction)")
            #expect(instances.count <= 5)
        }
        #expect(!templates.text(.instancesInputFirst).contains("Example 6"))
    }

    @Test func overrideFolderReplacesTemplatesOfTheSameName() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("templates-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "Our own header:\n".write(to: folder.appendingPathComponent("instruction-header.txt"), atomically: true, encoding: .utf8)
        try "notes".write(to: folder.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)
        let loaded = try PromptTemplates.loading(overridesIn: folder)
        #expect(loaded.text(.instructionHeader) == "Our own header:")
        #expect(loaded.text(.instancesInputFirst) == templates.text(.instancesInputFirst))
    }

    @Test func misnamedTemplateFileIsAnErrorNamingTheFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("templates-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "x".write(to: folder.appendingPathComponent("instruction_header.txt"), atomically: true, encoding: .utf8)
        let error = #expect(throws: TemplateError.self) { try PromptTemplates.loading(overridesIn: folder) }
        #expect(error?.description.contains("instruction_header.txt: not a template name") == true)
    }

    @Test func missingOverrideFolderMeansBuiltIns() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("absent-\(UUID())")
        #expect(try PromptTemplates.loading(overridesIn: folder) == templates)
    }

    @Test func crlfLineEndingIsRemovedToo() {
        let custom = templates.overriding([.instructionHeader: "Header\r\n"])
        #expect(custom.text(.instructionHeader) == "Header")
    }
}
