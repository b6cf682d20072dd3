import Foundation

/// The setting of the benchmarks that draw through ncurses offscreen.
enum OffscreenTerminal {
    /// A 200x60 terminal (ncurses sizes a /dev/null terminal from COLUMNS and LINES) in a
    /// UTF-8 locale, the size the workbench's speed goals name.
    static func prepare() {
        setenv("COLUMNS", "200", 1)
        setenv("LINES", "60", 1)
        setlocale(LC_ALL, "C.UTF-8")
    }
}
