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
    /// Whether `signal` must end the process even when an earlier handler returns. A
    /// switch, not a collection: it runs inside signal handlers.
    static func isFatal(_ signal: Int32) -> Bool {
        switch signal {
        case SIGQUIT, SIGSEGV, SIGABRT, SIGBUS, SIGILL, SIGFPE: true
        default: false
        }
    }

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
        // Touch the lazily initialised globals now, never first inside a handler.
        _ = cursesActive.load(ordering: .relaxed)
        for signal in signals {
            sigaction(signal, nil, previousActions + Int(signal))
            installHandler(for: signal)
        }
        atexit { TerminalRestorer.restore() }
    }

    /// Makes `restoreTerminalThenPassOn` the handler of `signal`.
    static func installHandler(for signal: Int32) {
        var action = sigaction()
        action.__sigaction_handler.sa_sigaction = restoreTerminalThenPassOn
        action.sa_flags = SA_SIGINFO | SA_ONSTACK
        sigemptyset(&action.sa_mask)
        sigaction(signal, &action, nil)
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
    let previous = TerminalRestorer.previousActions + Int(signal)
    let previousTakesInfo = previous.pointee.sa_flags & SA_SIGINFO != 0
    let plainHandler = previous.pointee.__sigaction_handler.sa_handler
    // SIG_DFL is 0 and SIG_IGN is 1 on Linux.
    let disposition = previousTakesInfo ? 2 : unsafeBitCast(plainHandler, to: Int.self)
    if disposition == 1 { return }  // ignored before us (nohup, say): nothing ends

    let wasActive = TerminalRestorer.cursesActive.load(ordering: .sequentiallyConsistent)
    TerminalRestorer.restore()
    sigaction(signal, previous, nil)

    // A fault raised by the CPU (si_code > 0) happens again when the handler returns;
    // anything sent (kill, raise, abort) must be sent again.
    let raisedByKernel = (info?.pointee.si_code ?? 0) > 0
    let isFault = signal == SIGSEGV || signal == SIGBUS || signal == SIGILL || signal == SIGFPE
    func dieOfDefaultAction() {
        var defaultAction = sigaction()
        sigemptyset(&defaultAction.sa_mask)
        sigaction(signal, &defaultAction, nil)
        if !(isFault && raisedByKernel) { raise(signal) }
    }

    if disposition == 0 {
        dieOfDefaultAction()
        return
    }
    if previousTakesInfo, let handler = previous.pointee.__sigaction_handler.sa_sigaction {
        handler(signal, info, context)
    } else {
        plainHandler?(signal)
    }
    // The previous owner returned. A fatal signal still ends the process (the Swift
    // runtime's backtracer returns after printing, expecting a fault to recur, which a
    // signal from kill never does); after the others the program goes on, and curses mode
    // comes back with its next flush.
    if TerminalRestorer.isFatal(signal) {
        dieOfDefaultAction()
        return
    }
    TerminalRestorer.cursesActive.store(wasActive, ordering: .sequentiallyConsistent)
    TerminalRestorer.installHandler(for: signal)
}
