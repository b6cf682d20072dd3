import Foundation
import VerbNoun

/// spaCy in the project's venv for the tests that parse for real: installed once per test
/// process (quick when scripts/test installed it already), or why it could not be.
public enum SpacyForTests {
    /// Nil when spaCy and the pipeline are installed; otherwise the installer's complaint
    /// (no PyPI, no python3), and the tests that need them are skipped.
    public static let installFailure: String? = {
        do {
            try SpacyEnvironment().install()
            return nil
        } catch {
            return "\(error)"
        }
    }()

    /// Whether spaCy is there.
    public static var isInstalled: Bool { installFailure == nil }

    /// The venv's Python, with spaCy.
    public static var python: URL { SpacyEnvironment().python }
}
