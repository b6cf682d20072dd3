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

/// Writes a line to standard error.
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// Writes command output to standard output, or to a file that appears only when complete.
enum OutputFile {
    /// Writes `lines` (each followed by a newline) to `path`, or to standard output when nil.
    /// A file is written to a temporary name beside it and renamed when complete.
    static func write(lines: [String], to path: String?) throws {
        var text = ""
        for line in lines {
            text += line
            text += "\n"
        }
        let data = Data(text.utf8)
        guard let path, path != "-" else {
            FileHandle.standardOutput.write(data)
            return
        }
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).partial")
        func fail(_ reason: String) throws -> Never {
            try? FileManager.default.removeItem(at: temporary)
            printError("error: \(path): cannot write the output (\(reason))")
            throw ExitCode.failure
        }
        do {
            try data.write(to: temporary)
        } catch {
            try fail(error.localizedDescription)
        }
        // rename(2) replaces an existing file atomically.
        guard rename(temporary.path, url.path) == 0 else { try fail(String(cString: strerror(errno))) }
    }
}
