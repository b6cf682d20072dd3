import CNcursesw
import Glibc

/// Something that happened while the screen waited.
public enum ScreenEvent: Hashable, Sendable {
    /// A key press (`.resize` included).
    case key(Key)
    /// Another thread called `ScreenWaker.wake()`: events are waiting in its queue.
    case woken
}

/// Why the terminal could not be taken over.
public struct ScreenError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong and what to do.
    public let description: String

    /// An error saying `description`.
    public init(_ description: String) { self.description = description }
}

/// Wakes a screen that is waiting for input, from any thread: the engine calls it after
/// queueing events so the workbench redraws at once instead of polling.
public struct ScreenWaker: Sendable {
    fileprivate let pipe: WakePipe

    /// Interrupts the screen's wait; it returns `.woken`. Never blocks; many calls before
    /// the screen wakes count as one. Harmless after the screen has closed.
    public func wake() {
        var byte: UInt8 = 1
        _ = write(pipe.writeEnd, &byte, 1)
    }
}

/// A non-blocking self-pipe. Wakers keep it alive, so a late `wake()` can never write into
/// a descriptor number that was closed and reused for something else.
private final class WakePipe: Sendable {
    let readEnd: Int32
    let writeEnd: Int32

    init() {
        var descriptors: [Int32] = [-1, -1]
        pipe(&descriptors)
        for descriptor in descriptors {
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        }
        readEnd = descriptors[0]
        writeEnd = descriptors[1]
    }

    deinit {
        close(readEnd)
        close(writeEnd)
    }

    /// Empties the pipe after a wake-up.
    func drain() {
        var sink = [UInt8](repeating: 0, count: 64)
        while read(readEnd, &sink, sink.count) > 0 {}
    }
}

/// What the last `flush` wrote, to check that diffing works and to measure it.
public struct FlushStatistics: Hashable, Sendable {
    /// Cells handed to ncurses.
    public var cellsWritten = 0
    /// Runs of same-style cells written with one call.
    public var runs = 0
    /// Whether the whole frame was written (first frame, resize, theme change).
    public var wasFullRedraw = false
}

/// The ncurses backend: takes over the terminal, flushes `CellGrid` frames by writing only
/// the cells that changed since the last frame, reads keys, and hands the terminal to
/// $EDITOR and back. One per process, used from one thread.
///
/// The workbench loop: `flush(view(state))`, then `nextEvent(timeout:)`, which sleeps in
/// poll(2) until a key, a wake-up or the timeout, so an idle workbench uses no CPU.
public final class NcursesScreen {
    private let screen: OpaquePointer
    private let window: UnsafeMutablePointer<WINDOW>
    private let files: [UnsafeMutablePointer<FILE>]
    /// The terminal's input descriptor; -1 when input is /dev/null (offscreen).
    private let inputDescriptor: Int32
    private let wakePipe = WakePipe()
    private var decoder: InputDecoder
    private var pendingKeys: [Key] = []
    private var previous: CellGrid?
    private var buffer: [wchar_t] = []
    private var roleAttributes: [(attributes: attr_t, pair: Int16)] = []
    private var cursorVisible: Bool?
    private var closed = false
    /// Whether this screen took over the real terminal (and so restores it on signals).
    let ownsTerminal: Bool

    /// How many colours the terminal shows.
    public let colorDepth: ColorDepth
    /// The theme in use.
    public private(set) var theme: Theme
    /// What the last flush wrote.
    public private(set) var lastFlush = FlushStatistics()
    /// Wakes this screen from another thread.
    public let waker: ScreenWaker

    /// Takes over the controlling terminal (stdin/stdout, $TERM) with the built-in default
    /// theme (mono on terminals without colours); apply the configured one with `apply`.
    public convenience init() throws(ScreenError) {
        guard isatty(0) != 0, isatty(1) != 0 else {
            throw ScreenError("the workbench needs a terminal, and stdin or stdout is not one; "
                + "run it in a terminal, or use a headless subcommand")
        }
        setlocale(LC_ALL, "")
        guard let input = fdopen(dup(0), "r"), let output = fdopen(dup(1), "w") else {
            throw ScreenError("cannot open the terminal: \(String(cString: strerror(errno)))")
        }
        TerminalRestorer.install()
        try self.init(terminalType: nil, input: input, output: output, inputDescriptor: 0, ownsTerminal: true)
    }

    /// A screen drawing into /dev/null as terminal `terminalType` and reading no input:
    /// for tests and benchmarks, which must never take over the real terminal. Set a UTF-8
    /// locale first (`setlocale(LC_ALL, "C.UTF-8")`).
    public static func offscreen(terminalType: String = "xterm-256color") throws(ScreenError) -> NcursesScreen {
        guard let input = fopen("/dev/null", "r"), let output = fopen("/dev/null", "w") else {
            throw ScreenError("cannot open /dev/null")
        }
        return try NcursesScreen(terminalType: terminalType, input: input, output: output, inputDescriptor: -1, ownsTerminal: false)
    }

    private init(
        terminalType: String?, input: UnsafeMutablePointer<FILE>, output: UnsafeMutablePointer<FILE>,
        inputDescriptor: Int32, ownsTerminal: Bool
    ) throws(ScreenError) {
        files = [input, output]
        self.inputDescriptor = inputDescriptor
        self.ownsTerminal = ownsTerminal
        let opened: OpaquePointer? = if let terminalType { newterm(terminalType, output, input) } else { newterm(nil, output, input) }
        guard let opened else {
            fclose(input)
            fclose(output)
            let name = terminalType ?? getenv("TERM").map { String(cString: $0) } ?? "(unset)"
            throw ScreenError("cannot start ncurses for terminal type \"\(name)\"; set TERM to one terminfo knows, e.g. xterm-256color")
        }
        screen = opened
        window = si_stdscr()!
        waker = ScreenWaker(pipe: wakePipe)

        cbreak()
        noecho()
        nonl()
        intrflush(window, false)
        keypad(window, true)
        set_escdelay(25)
        var depth = ColorDepth.monochrome
        if has_colors() {
            start_color()
            use_default_colors()
            depth = ColorDepth(colorCount: Int(si_colors()))
        }
        colorDepth = depth
        decoder = InputDecoder(extendedKeyCodes: Self.extendedKeyCodes())
        theme = depth == .monochrome ? ThemeCatalog.builtin(ThemeCatalog.monochromeName)! : ThemeCatalog.defaultTheme
        if ownsTerminal {
            TerminalRestorer.cursesActive.store(true, ordering: .sequentiallyConsistent)
            ResizeSignal.wake(wakePipe.writeEnd)
        }
        apply(theme)
    }

    deinit { close() }

    /// The terminal's current size.
    public var size: Size {
        Size(width: Int(si_getmaxx(window)), height: Int(si_getmaxy(window)))
    }

    /// Gives the terminal back (endwin) and frees ncurses; idempotent.
    public func close() {
        guard !closed else { return }
        closed = true
        if ownsTerminal {
            ResizeSignal.stopWaking()
            TerminalRestorer.restore()
        } else {
            endwin()
        }
        delscreen(screen)
        for file in files { fclose(file) }
    }

    /// Whether Ctrl-C (and Ctrl-Z, Ctrl-\) arrive as keys (`.control("c")`) instead of
    /// signals, so the workbench can ask before quitting while generation runs. Off by
    /// default: ncurses' cbreak mode, where they are signals.
    public var receivesInterruptKeys = false {
        didSet {
            if receivesInterruptKeys { raw() } else { cbreak() }
        }
    }

    // MARK: Colours

    /// Uses `theme` from the next frame on (which is redrawn whole): one colour pair per
    /// role, in 256 colours, the 16-colour fallbacks or attributes only, as the terminal allows.
    public func apply(_ theme: Theme) {
        self.theme = theme
        roleAttributes = Role.allCases.map { role in
            let look = theme[role].resolved(for: colorDepth)
            guard colorDepth != .monochrome else { return (Self.ncursesAttributes(look.attributes), 0) }
            let pair = Int16(role.rawValue) + 1
            init_pair(pair, Int16(look.foreground), Int16(look.background))
            return (Self.ncursesAttributes(look.attributes), pair)
        }
        previous = nil
    }

    private static func ncursesAttributes(_ attributes: Attributes) -> attr_t {
        var result = si_a_normal()
        if attributes.contains(.bold) { result |= si_a_bold() }
        if attributes.contains(.dim) { result |= si_a_dim() }
        if attributes.contains(.underline) { result |= si_a_underline() }
        if attributes.contains(.reverse) { result |= si_a_reverse() }
        if attributes.contains(.italic) { result |= si_a_italic() }
        return result
    }

    // MARK: Drawing

    /// Shows `grid`: writes the cells that differ from the previous frame (every cell after
    /// a resize or theme change), places the cursor, and updates the terminal. A grid of
    /// another size than the screen is clipped.
    public func flush(_ grid: CellGrid) {
        let screenSize = size
        let full = previous?.size != grid.size
        if full {
            werase(window)
            clearok(window, true)
        }
        var statistics = FlushStatistics(wasFullRedraw: full)
        let width = min(grid.width, screenSize.width), height = min(grid.height, screenSize.height)
        let cells = grid.cells
        let previousCells = previous?.cells ?? []
        for y in 0..<height {
            let rowStart = y * grid.width
            var x = 0
            while x < width {
                if !full && cells[rowStart + x] == previousCells[rowStart + x] {
                    x += 1
                    continue
                }
                // A changed continuation redraws its whole wide character.
                let start = cells[rowStart + x].isContinuation && x > 0 ? x - 1 : x
                let style = cells[rowStart + start].style
                buffer.removeAll(keepingCapacity: true)
                var end = start
                while end < width {
                    let cell = cells[rowStart + end]
                    // A continuation always goes with its wide character, whatever its style.
                    if !cell.isContinuation && cell.style != style { break }
                    if end > x && !full && !cell.isContinuation && cell == previousCells[rowStart + end] { break }
                    if !cell.isContinuation {
                        if cell.width == 2 && end + 1 >= width { buffer.append(0x20) } else { appendDrawable(cell) }
                    }
                    end += 1
                }
                let (attributes, pair) = roleAttributes[Int(style.role.rawValue)]
                wattr_set(window, attributes | Self.ncursesAttributes(style.attributes), pair, nil)
                _ = buffer.withUnsafeBufferPointer { mvwaddnwstr(window, Int32(y), Int32(start), $0.baseAddress, Int32($0.count)) }
                statistics.cellsWritten += end - start
                statistics.runs += 1
                x = max(end, x + 1)
            }
        }
        placeCursor(grid.cursor, within: Size(width: width, height: height))
        wnoutrefresh(window)
        doupdate()
        previous = grid
        lastFlush = statistics
    }

    /// Appends what ncurses should draw for a cell. When ncurses (which adds up `wcwidth`
    /// per code point) would measure a cluster differently from the grid, as it does for
    /// ZWJ emoji and VS16 presentations, the cluster is reduced to its first code point and
    /// padded, so ncurses, the terminal and the grid agree on every column.
    private func appendDrawable(_ cell: Cell) {
        let utf8 = cell.text.utf8
        if utf8.count == 1, let byte = utf8.first {
            buffer.append(wchar_t(byte))
            return
        }
        var sum = 0
        for scalar in cell.text.unicodeScalars { sum += max(0, Int(wcwidth(wchar_t(bitPattern: scalar.value)))) }
        if sum == Int(cell.width) {
            for scalar in cell.text.unicodeScalars { buffer.append(wchar_t(bitPattern: scalar.value)) }
            return
        }
        guard let first = cell.text.unicodeScalars.first else { return }
        let firstWidth = Int(wcwidth(wchar_t(bitPattern: first.value)))
        buffer.append(wchar_t(bitPattern: firstWidth > 0 ? first.value : 0xFFFD))
        for _ in 0..<(Int(cell.width) - max(1, min(firstWidth, Int(cell.width)))) { buffer.append(0x20) }
    }

    private func placeCursor(_ cursor: Position?, within bounds: Size) {
        if let cursor, Rect(bounds).contains(cursor) {
            if cursorVisible != true { curs_set(1); cursorVisible = true }
            wmove(window, Int32(cursor.y), Int32(cursor.x))
        } else if cursorVisible != false {
            curs_set(0)
            cursorVisible = false
        }
    }

    /// Makes the next flush redraw every cell: after the terminal was handed to another
    /// program, which left its own content on it.
    func invalidateFrame() {
        previous = nil
    }

    // MARK: Input

    /// Waits for a key, a wake-up or the timeout (nil: no timeout) and returns what came,
    /// nil on timeout. Sleeps in poll(2), so waiting costs no CPU. A `.resize` key means the
    /// next frame should be rendered at the new `size`.
    public func nextEvent(timeout: Duration?) -> ScreenEvent? {
        let clock = ContinuousClock()
        let deadline = timeout.map { clock.now.advanced(by: $0) }
        while true {
            if let key = takeKey() { return .key(key) }
            var remaining: Int32 = -1
            if let deadline {
                let left = clock.now.duration(to: deadline)
                if left <= .zero { return nil }
                let (seconds, attoseconds) = left.components
                remaining = Int32(clamping: seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000)
            }
            var descriptors = [
                pollfd(fd: wakePipe.readEnd, events: Int16(POLLIN), revents: 0),
                pollfd(fd: inputDescriptor, events: Int16(POLLIN), revents: 0),
            ]
            let ready = poll(&descriptors, 2, remaining)
            if ready == 0 { return nil }
            if ready < 0 { continue }  // EINTR: SIGWINCH, which ncurses turns into KEY_RESIZE
            if descriptors[0].revents != 0 {
                wakePipe.drain()
                return .woken
            }
        }
    }

    /// The next decoded key without waiting (beyond ncurses' short ESC delay), if any.
    private func takeKey() -> Key? {
        if pendingKeys.isEmpty {
            wtimeout(window, 0)
            while pendingKeys.isEmpty {
                var character: wint_t = 0
                let result = wget_wch(window, &character)
                let input: RawInput = switch result {
                case OK: .character(UInt32(character))
                case KEY_CODE_YES: .keyCode(Int32(bitPattern: UInt32(character)))
                default: .none
                }
                pendingKeys += decoder.decode(input)
                if input == .none && !decoder.needsMoreInput { break }
            }
        }
        guard !pendingKeys.isEmpty else { return nil }
        let key = pendingKeys.removeFirst()
        if key == .resize { previous = nil }
        return key
    }

    /// ncurses assigns codes to terminfo's extended keys at run time; look up the ones for
    /// Ctrl- and Alt-arrows.
    private static func extendedKeyCodes() -> [Int32: Key] {
        var codes: [Int32: Key] = [:]
        let names: [(String, Key)] = [("kLFT5", .wordLeft), ("kRIT5", .wordRight), ("kLFT3", .wordLeft), ("kRIT3", .wordRight)]
        for (name, key) in names {
            guard let sequence = tigetstr(name), Int(bitPattern: sequence) != -1 else { continue }
            let code = key_defined(sequence)
            if code > 0 { codes[code] = key }
        }
        return codes
    }
}
