import ArgumentParser
import BundledSeeds
import Foundation
import Pool
import Terminal
import Workbench

/// `selfinstruct tui` (also `selfinstruct` alone): the curation workbench on a pool.
struct TuiCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tui",
        abstract: "Open the curation workbench on the pool (created from the bundled seed tasks when missing)."
    )

    @OptionGroup var options: PoolOptions

    @Option(help: ArgumentHelp("Colour theme: dark, light, high-contrast, mono, or a file name in the user's theme folder. NO_COLOR selects mono.", valueName: "name"))
    var theme: String?

    /// Runs the workbench on a thread of its own: its loop sleeps in poll(2), which must not
    /// hold one of the few threads Swift concurrency runs the backend on.
    func run() async throws {
        let url = options.url, poolName = (options.pool as NSString).lastPathComponent, theme = theme
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let thread = Thread {
                do {
                    try Self.runWorkbench(poolAt: url, poolName: poolName, theme: theme)
                    continuation.resume()
                } catch {
                    continuation.resume(throwing: error)
                }
            }
            thread.name = "workbench"
            thread.start()
        }
    }

    private static func runWorkbench(poolAt url: URL, poolName: String, theme: String?) throws {
        let backend = try PoolCurationBackend(poolAt: url, seedTasksIfNew: BundledSeeds.jsonLines)
        let screen: NcursesScreen
        do {
            screen = try NcursesScreen()
        } catch {
            throw ValidationError(error.description)
        }
        let catalog = ThemeCatalog()
        var problems: [String] = []
        do {
            screen.apply(try catalog.startupTheme(requested: theme, colorDepth: screen.colorDepth))
        } catch {
            problems.append("theme: \(error); using \(screen.theme.name)")
        }
        screen.receivesInterruptKeys = true
        var state = WorkbenchState(size: screen.size, poolName: poolName, themeName: screen.theme.name)
        for problem in backend.openingProblems { state.note("pool: \(problem)", isError: true) }
        for problem in problems { state.note(problem, isError: true) }
        let loop = WorkbenchLoop(screen: screen, backend: backend, state: state, themes: catalog)
        let final = loop.run()
        screen.close()
        for line in final.log where line.isError { printError("error: \(line.text)") }
    }
}
