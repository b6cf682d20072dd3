import ChildProcesses
import DurableFiles
import Foundation
import Testing

/// Children started with posix_spawn: their streams, their exit, and what they inherit.
@Suite struct ChildProcessTests {
    /// Everything `child` writes to its standard output.
    private func output(of child: ChildProcess) throws -> String {
        String(decoding: try POSIXFile.readToEnd(child.output!, path: "the child's output"), as: UTF8.self)
    }

    @Test func inputReachesTheChildAndItsOutputAndStatusComeBack() throws {
        let child = try ChildProcess(executable: "/bin/sh", arguments: ["-c", "tr a-z A-Z; echo oops >&2; exit 3"])
        try Array("quiet words".utf8).withUnsafeBytes { try POSIXFile.writeAll(child.input!, $0, path: "input") }
        child.closeInput()
        #expect(try output(of: child) == "QUIET WORDS")
        #expect(String(decoding: try POSIXFile.readToEnd(child.error!, path: "error"), as: UTF8.self) == "oops\n")
        #expect(child.wait() == .exited(3))
        #expect(child.wait() == .exited(3))
    }

    @Test func aChildHoldsNoneOfThisProcesssDescriptors() throws {
        // A descriptor this process opened without close-on-exec (a pool's lock, say).
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("child-\(UUID().uuidString)").path
        let held = open(path, O_CREAT | O_WRONLY, 0o600)
        #expect(held > 2)
        defer {
            close(held)
            unlink(path)
        }
        let child = try ChildProcess(executable: "/bin/sh", arguments: ["-c", "ls /proc/$$/fd"], input: .null, error: .null)
        let descriptors = try output(of: child).split(separator: "\n").compactMap { Int32($0) }
        #expect(child.wait() == .exited(0))
        #expect(!descriptors.contains(held), "\(descriptors)")
        #expect(Set(descriptors).isSuperset(of: [0, 1, 2]))
    }

    @Test func errorCanFollowOutputIntoAFileThatStartsEmptyAndADirectoryIsHonoured() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("child-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let log = folder.appendingPathComponent("log").path
        try "old text that must go\n".write(toFile: log, atomically: false, encoding: .utf8)
        let child = try ChildProcess(executable: "/bin/sh", arguments: ["-c", "pwd; echo to-error >&2"], directory: folder.path,
                                     input: .null, output: .file(log, appending: false), error: .output)
        #expect(child.wait() == .exited(0))
        let written = try String(contentsOfFile: log, encoding: .utf8)
        #expect(written == "\(folder.resolvingSymlinksInPath().path)\nto-error\n" || written == "\(folder.path)\nto-error\n", "\(written)")
    }

    @Test func aSignalledChildSaysWhichSignalAndAMissingProgramIsAnError() throws {
        let child = try ChildProcess(executable: "/bin/sleep", arguments: ["60"], input: .null, output: .null, error: .null)
        child.send(SIGKILL)
        #expect(child.wait() == .signalled(SIGKILL))
        #expect(child.wait().status == SIGKILL)
        #expect(throws: ChildProcessError.self) { try ChildProcess(executable: "/no/such/program", arguments: []) }
    }
}
