import ArgumentParser
import Terminal

extension NcursesScreen {
    /// The terminal for a full-screen command of its own (`review`, `eval rate`): the
    /// user's start-up theme, Ctrl-C delivered as a key; a terminal that cannot be had is
    /// a usage error with the reason.
    static func forFullScreenCommand() throws -> NcursesScreen {
        let screen: NcursesScreen
        do {
            screen = try NcursesScreen()
        } catch {
            throw ValidationError(error.description)
        }
        if let theme = try? ThemeCatalog().startupTheme(requested: nil, colorDepth: screen.colorDepth) { screen.apply(theme) }
        screen.receivesInterruptKeys = true
        return screen
    }
}
