import ArgumentParser
import Foundation
import JSONLines

/// Every readable record of an input file, and a problem for each line that is not.
func readRecords(_ path: String?) throws -> (records: [LocatedJSON], problems: [RecordReadError]) {
    do {
        return try JSONRecords.read(path: path)
    } catch let error as RecordReadError {
        printError("error: \(error)")
        throw ExitCode.failure
    }
}

/// Prints each problem to standard error and exits with status 1 when there is any.
func exitIfProblems(_ problems: [RecordReadError]) throws {
    guard !problems.isEmpty else { return }
    for problem in problems.prefix(20) { printError("error: \(problem)") }
    if problems.count > 20 { printError("error: … and \(problems.count - 20) more problems") }
    throw ExitCode.failure
}

/// The "instruction" of every record of a file, or exits non-zero naming each line that is
/// not valid JSON or lacks an instruction, so no output is made from partial input.
func instructionsOrExit(_ path: String?) throws -> [String] {
    var (records, problems) = try readRecords(path)
    var instructions: [String] = []
    for record in records {
        if let instruction = record.value["instruction"]?.stringValue {
            instructions.append(instruction)
        } else {
            problems.append(RecordReadError(location: record.location, message: #"needs a string field "instruction""#))
        }
    }
    try exitIfProblems(problems.sorted(by: RecordReadError.inFileOrder))
    return instructions
}

extension RecordReadError {
    /// Orders problems as they appear in the file (line numbers compared as numbers).
    static func inFileOrder(_ a: RecordReadError, _ b: RecordReadError) -> Bool {
        a.location.compare(b.location, options: .numeric) == .orderedAscending
    }
}
