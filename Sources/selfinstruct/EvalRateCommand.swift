import ArgumentParser
import Evaluation
import Foundation
import RatingScreen
import Terminal

/// `selfinstruct eval rate`: the rating screen, one response at a time, blind.
struct EvalRateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rate",
        abstract: "Grade responses A–D on a full-screen view, blind to the system.",
        discussion: """
            Shows one task (instruction and input) and one response at a time, the systems \
            of each task in a shuffled order fixed by the evaluation's seed, and never a \
            system's name. Keys: a–d (or A–D) grade (A correct and satisfying; B acceptable \
            with minor imperfections; C responds but has significant errors; D irrelevant or \
            invalid), n write a note (saved with the grade), u undo, r show the reference, ←/→ previous/next, ↑/↓ scroll, q quit. \
            Each grade is on disk in ratings/RATER.jsonl before the screen moves on; starting \
            again continues at the first response you have not graded.
            """
    )

    @OptionGroup var folderOption: EvalFolderOption

    @Option(help: ArgumentHelp("Who is rating (the ratings file's name); your user name by default.", valueName: "name"))
    var rater = ProcessInfo.processInfo.environment["USER"] ?? "rater"

    func validate() throws {
        do {
            try EvaluationFolder.check(rater, kind: "rater")
        } catch {
            throw ValidationError("\(error)")
        }
    }

    func run() throws {
        let folder = try folderOption.open(creating: false)
        let screen: NcursesScreen
        do {
            screen = try NcursesScreen()
        } catch {
            throw ValidationError(error.description)
        }
        if let theme = try? ThemeCatalog().startupTheme(requested: nil, colorDepth: screen.colorDepth) { screen.apply(theme) }
        screen.receivesInterruptKeys = true
        let final = RatingLoop(screen: screen, folder: folder, state: RatingState(folder: folder, rater: rater, size: screen.size)).run()
        screen.close()
        print("\(final.grades.count) of \(final.items.count) responses graded by \(rater) in \(folder.path)")
    }
}
