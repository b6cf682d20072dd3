import ArgumentParser
import Evaluation
import Foundation
import JSONLines

/// `selfinstruct eval import`: tasks and systems' predictions into the evaluation folder.
struct EvalImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import evaluation tasks and systems' predictions.",
        discussion: """
            Tasks: upstream's user_oriented_instructions.jsonl (id, instruction, \
            instances[{input, output}]), seed-task exports, or Alpaca records (instruction, \
            input, output), as JSONL or a JSON array. Predictions: upstream's \
            *_predictions.jsonl (prompt, instruction, input, response, target); the system is \
            the file's name without _predictions.jsonl. Predictions are matched to tasks by \
            instruction and input. What is already stored is left as it is, so importing \
            twice changes nothing. A bad line is reported as file:line (exit status 1) and \
            every other line is still imported.
            """
    )

    @Argument(help: ArgumentHelp("Task or prediction files.", valueName: "file"))
    var files: [String]

    @OptionGroup var folderOption: EvalFolderOption

    func run() throws {
        var batch = EvaluationImport()
        for file in files { batch.read(file: file) }
        let folder = try folderOption.open(creating: true)
        let outcome = try batch.store(in: folder)
        print("\(outcome.tasksAdded) tasks added (\(folder.tasks.count) in \(folder.path))")
        for (system, count) in outcome.responsesAdded.sorted(by: { $0.key < $1.key }) {
            printVisibly("\(system): \(count) responses added")
        }
        try exitIfProblems(outcome.problems.sorted(by: RecordReadError.inFileOrder))
    }
}
