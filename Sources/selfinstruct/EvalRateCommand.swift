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

            With --pairwise A,B: two systems' responses to each task at once (side by side \
            from 100 columns, one above the other below), which is shown first shuffled per \
            task by the same seed, never named. Keys: 1 response 1 is better, 2 response 2 \
            is better, = (or t) tie, u undo, r reference, ←/→, ↑/↓, q quit. Each choice is \
            on disk in pairwise/RATER.jsonl before the screen moves on; starting again \
            continues at the first task you have not judged.

            With --disagreements: only the responses raters graded differently (the queue \
            eval summary counts), each with the other raters' grades shown (raters' names, \
            never systems'); grade again to settle. A response leaves the queue once its \
            raters agree.
            """
    )

    @OptionGroup var folderOption: EvalFolderOption

    @Option(help: ArgumentHelp("Who is rating (the ratings file's name); your user name by default.", valueName: "name"))
    var rater = ProcessInfo.processInfo.environment["USER"] ?? "rater"

    @Option(help: ArgumentHelp("Compare two systems side by side instead of grading A–D.", valueName: "A,B"))
    var pairwise: String?

    @Flag(help: "Go through the responses raters disagree on, each with the others' grades, to settle them.")
    var disagreements = false

    func validate() throws {
        do {
            try EvaluationFolder.check(rater, kind: "rater")
        } catch {
            throw ValidationError("\(error)")
        }
        if pairwise != nil, disagreements {
            throw ValidationError("--pairwise and --disagreements do not go together: disagreements are between A–D grades.")
        }
        if let pairwise, SystemPair(naming: pairwise) == nil {
            throw ValidationError("--pairwise “\(pairwise)”: name two different systems, e.g. --pairwise davinci,text-davinci-003.")
        }
    }

    func run() throws {
        let folder = try folderOption.open(creating: false)
        let pair = pairwise.flatMap(SystemPair.init(naming:))
        for name in [pair?.first, pair?.second].compactMap({ $0 }) where folder.responses[name] == nil {
            printError("error: --pairwise: \(folder.path) has no responses from “\(name)”; its systems are \(folder.systems.joined(separator: ", ")).")
            throw ExitCode.failure
        }
        let screen = try NcursesScreen.forFullScreenCommand()
        if let pair {
            let final = RatingLoop(screen: screen, folder: folder, session: PairwiseState(folder: folder, pair: pair, rater: rater, size: screen.size)).run()
            screen.close()
            print("\(final.choices.count) of \(final.items.count) tasks judged by \(rater) comparing \(pair.first) and \(pair.second) in \(folder.path)")
            return
        }
        let final = RatingLoop(screen: screen, folder: folder, session: RatingState(folder: folder, rater: rater, size: screen.size, disagreementsOnly: disagreements)).run()
        screen.close()
        let done = disagreements ? "\(final.progress) (disagreements)" : "\(final.grades.count) of \(final.items.count) responses graded"
        print("\(done) by \(rater) in \(folder.path)")
    }
}
