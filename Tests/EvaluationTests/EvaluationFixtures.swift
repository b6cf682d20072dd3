import Foundation
import Evaluation
import JSONLines
import TestSupport

/// The six systems of upstream's human evaluation, as their prediction files name them.
let upstreamSystems = [
    "davinci", "davinci-self-instruct", "davinci-t0-ft", "text-davinci-001", "text-davinci-002", "text-davinci-003",
]

/// The six prediction files under ../shared.
var upstreamPredictionFiles: [String] {
    upstreamSystems.map { SharedData.url("data/human_eval_predictions/\($0)_predictions.jsonl").path }
}

/// The Python with rouge-score: `$SELFINSTRUCT_PYTHON`, else the project's venv when present.
let rougeScorePython: URL? = ReferencePython.executable ?? {
    let home = ProcessInfo.processInfo.environment["HOME"] ?? ""
    let data = ProcessInfo.processInfo.environment["XDG_DATA_HOME"] ?? home + "/.local/share"
    let path = data + "/selfinstruct/venv/bin/python"
    return FileManager.default.isExecutableFile(atPath: path) ? URL(fileURLWithPath: path) : nil
}()

/// The records of a JSONL file, failing on any bad line.
func jsonLines(_ url: URL) throws -> [JSONValue] {
    let text = try String(contentsOf: url, encoding: .utf8)
    return try text.split(separator: "\n").map { try JSONParser.parse($0) }
}

/// Runs `selfinstruct` with no endpoint from the environment.
func runCommand(_ arguments: [String], in folder: TemporaryFolder) async throws -> CommandRunner.Outcome {
    let environment = ["OPENAI_BASE_URL": "", "OPENAI_API_KEY": "", "OPENAI_MODEL": "", "XDG_CONFIG_HOME": folder.url.path]
    return try await CommandRunner.run(arguments, directory: folder.url, environment: environment)
}

/// An evaluation of four one-line tasks answered by system "x", in a temporary folder.
func withTemporaryEvaluation(_ body: (EvaluationFolder) throws -> Void) throws {
    try withTemporaryFolder { temporary in
        let folder = try EvaluationFolder(path: temporary.file("eval").path, creating: true)
        let tasks = (1...4).map { EvaluationTask(id: "t\($0)", instruction: "Say \($0).", input: "", reference: "\($0)") }
        try folder.add(tasks: tasks)
        try folder.add(responses: tasks.map { SystemResponse(taskID: $0.id, system: "x", text: $0.reference, provenance: .null) })
        try body(folder)
    }
}
