import ArgumentParser
import Evaluation

/// `selfinstruct eval`: the paper's evaluation (section 5): people grade systems' responses
/// A–D, blind, with ROUGE-L against the reference beside the grades.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate systems as the paper does: responses to tasks, graded A–D by people, blind, with ROUGE-L beside.",
        discussion: """
            An evaluation is a folder of JSONL files (./eval by default): tasks.jsonl, \
            responses/SYSTEM.jsonl, ratings/RATER.jsonl and pairwise/RATER.jsonl, appended to and never rewritten, \
            and evaluation.json holding the seed of the blind order.
            """,
        subcommands: [
            EvalImportCommand.self, EvalGenerateCommand.self, EvalSummaryCommand.self, EvalReportCommand.self,
            EvalRateCommand.self,
        ]
    )
}

/// The `--eval DIR` option every `eval` subcommand takes.
struct EvalFolderOption: ParsableArguments {
    @Option(name: .customLong("eval"), help: ArgumentHelp("The evaluation folder.", valueName: "dir"))
    var path = "eval"

    /// Opens the evaluation, reporting the lines it could not read as warnings. Without
    /// `creating`, a folder with no evaluation is an error that says how to start one.
    func open(creating: Bool) throws -> EvaluationFolder {
        do {
            let folder = try EvaluationFolder(path: path, creating: creating)
            for problem in folder.problems.prefix(20) { printError("warning: \(problem); the line is left out") }
            return folder
        } catch let error as EvaluationError {
            printError("error: \(error)")
            throw ExitCode.failure
        }
    }
}
