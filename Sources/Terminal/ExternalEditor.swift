import ChildProcesses
import CNcursesw
import Glibc

extension NcursesScreen {
    /// Lets the person edit `text` in their own editor ($VISUAL, else $EDITOR, else vi):
    /// writes it to a private temporary file, hands the terminal over (def_prog_mode,
    /// endwin), waits for the editor, takes the terminal back (reset_prog_mode) and returns
    /// the file's new text, or nil when the editor failed or was quit with an error status.
    /// The next flush redraws the whole frame.
    ///
    /// The editor setting may carry arguments ("code --wait"), so it runs as
    /// `/bin/sh -c '$EDITOR "$1"' sh FILE`, as git does: the file's path travels as an
    /// argument and the edited text never becomes part of a command. `environment` names the
    /// editor and TMPDIR; the process's own, unless a caller (a test) gives another, since
    /// changing the process's environment races with every other thread reading it.
    public func editExternally(
        _ text: String, fileExtension: String = "txt", environment: [String: String]? = nil
    ) throws(ScreenError) -> String? {
        let environment = environment ?? Self.processEnvironment()
        let directory = environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        let suffix = "." + String(fileExtension.filter { $0.isLetter || $0.isNumber }.prefix(8))
        var template = Array("\(directory)/selfinstruct-edit-XXXXXX\(suffix)".utf8CString)
        let descriptor = mkstemps(&template, Int32(suffix.utf8.count))
        guard descriptor >= 0 else {
            throw ScreenError("cannot create a temporary file in \(directory): \(String(cString: strerror(errno)))")
        }
        let path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        defer { unlink(path) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        Glibc.close(descriptor)
        guard written == bytes.count else { throw ScreenError("cannot write the temporary file \(path)") }

        let editor = [environment["VISUAL"], environment["EDITOR"]].lazy.compactMap { $0 }.first { !$0.isEmpty } ?? "vi"

        def_prog_mode()
        endwin()
        if ownsTerminal { TerminalRestorer.cursesActive.store(false, ordering: .sequentiallyConsistent) }
        let status = Self.runAndWait(["/bin/sh", "-c", editor + " \"$1\"", "sh", path])
        reset_prog_mode()
        if ownsTerminal { TerminalRestorer.cursesActive.store(true, ordering: .sequentiallyConsistent) }
        invalidateFrame()

        guard status == 0, let data = FileContents.read(path) else { return nil }
        return data
    }

    /// The process's environment, read from `environ`.
    private static func processEnvironment() -> [String: String] {
        var result: [String: String] = [:]
        var entry = environ
        while let pointer = entry.pointee {
            let text = String(cString: pointer)
            if let equals = text.firstIndex(of: "=") {
                result[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            entry += 1
        }
        return result
    }

    /// Runs `arguments` and waits for it; returns its exit status (-1 if it did not start
    /// or died of a signal). Like system(3), the parent ignores SIGINT and SIGQUIT meanwhile;
    /// the child starts with every signal at its default, so Ctrl-C reaches the editor only.
    private static func runAndWait(_ arguments: [String]) -> Int32 {
        var ignore = sigaction()
        ignore.__sigaction_handler.sa_handler = unsafeBitCast(1, to: __sighandler_t.self)  // SIG_IGN
        var savedInterrupt = sigaction(), savedQuit = sigaction()
        sigaction(SIGINT, &ignore, &savedInterrupt)
        sigaction(SIGQUIT, &ignore, &savedQuit)
        defer {
            sigaction(SIGINT, &savedInterrupt, nil)
            sigaction(SIGQUIT, &savedQuit, nil)
        }

        guard let editor = try? ChildProcess(executable: arguments[0], arguments: Array(arguments.dropFirst()),
                                             input: .inherit, output: .inherit, error: .inherit),
              case .exited(let status) = editor.wait() else { return -1 }
        return status
    }
}

/// Reads a whole file as UTF-8 (invalid bytes become U+FFFD) without Foundation.
enum FileContents {
    static func read(_ path: String) -> String? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count < 0 { return nil }
            if count == 0 { break }
            bytes += chunk[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
