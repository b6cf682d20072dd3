import CNcursesw
import Glibc
import Synchronization

/// Puts the terminal back to normal (ncurses' `endwin`) however the process ends: on a
/// normal close, at `exit`, and on SIGINT, SIGTERM, SIGHUP, SIGQUIT and the fatal signals
/// (SIGSEGV, SIGABRT, SIGBUS, SIGILL, SIGFPE). Restoring is idempotent.
///
/// The handlers are installed before ncurses starts, so ncurses keeps out of SIGINT and
/// SIGTERM (it only claims signals still at their default). After restoring, a handler
/// passes the signal on to whatever handled it before (the Swift runtime's crash
/// backtracer, say), or, when that was the default, lets the default happen: a fault
/// returns and re-faults, anything else is raised again, so the process still dies of the
/// same signal and its exit status says so.
enum TerminalRestorer {
    /// Whether ncurses currently owns the terminal.
    static let cursesActive = Atomic<Bool>(false)

    /// The signals whose default would leave the terminal raw.
    static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGSEGV, SIGABRT, SIGBUS, SIGILL, SIGFPE]

    /// The handlers in place before ours, by signal number. Read from signal handlers, so
    /// it is plain memory written once, before the handlers are installed.
    nonisolated(unsafe) static let previousActions: UnsafeMutablePointer<sigaction> = {
        let pointer = UnsafeMutablePointer<sigaction>.allocate(capacity: 65)
        pointer.initialize(repeating: sigaction(), count: 65)
        return pointer
    }()

    private static let installed = Atomic<Bool>(false)

    /// Installs the handlers and the exit hook, once per process.
    static func install() {
        guard !installed.exchange(true, ordering: .sequentiallyConsistent) else { return }
        _ = cursesActive.load(ordering: .relaxed)
        var action = sigaction()
        action.__sigaction_handler.sa_sigaction = restoreTerminalThenPassOn
        action.sa_flags = SA_SIGINFO | SA_ONSTACK
        sigemptyset(&action.sa_mask)
        for signal in signals {
            sigaction(signal, &action, previousActions + Int(signal))
        }
        atexit { TerminalRestorer.restore() }
    }

    /// Leaves curses mode if the terminal is in it; safe to call any number of times.
    static func restore() {
        if cursesActive.exchange(false, ordering: .sequentiallyConsistent) {
            endwin()
        }
    }
}

/// The signal handler: restore the terminal, then hand the signal to its previous owner.
private func restoreTerminalThenPassOn(
    _ signal: Int32, _ info: UnsafeMutablePointer<siginfo_t>?, _ context: UnsafeMutableRawPointer?
) {
    TerminalRestorer.restore()
    let previous = TerminalRestorer.previousActions + Int(signal)
    sigaction(signal, previous, nil)
    if previous.pointee.sa_flags & SA_SIGINFO != 0, let handler = previous.pointee.__sigaction_handler.sa_sigaction {
        handler(signal, info, context)
        return
    }
    // SIG_DFL is 0 and SIG_IGN is 1 on Linux.
    let handler = previous.pointee.__sigaction_handler.sa_handler
    switch unsafeBitCast(handler, to: Int.self) {
    case 1:
        return
    case 0:
        // A fault raised by the CPU (si_code > 0) happens again when the handler returns,
        // now with the default action; anything sent (kill, raise, abort) is sent again.
        let raisedByKernel = (info?.pointee.si_code ?? 0) > 0
        let isFault = signal == SIGSEGV || signal == SIGBUS || signal == SIGILL || signal == SIGFPE
        if !(isFault && raisedByKernel) { raise(signal) }
    default:
        handler?(signal)
    }
}
