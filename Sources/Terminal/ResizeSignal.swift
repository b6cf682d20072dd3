import Glibc
import Synchronization

/// Wakes the screen's wait when the terminal is resized, so the new layout is drawn at
/// once rather than at the next key.
///
/// ncurses notes SIGWINCH in a handler of its own and reports `KEY_RESIZE` from its next
/// read, but the kernel may deliver the signal to any of the process's threads, and then
/// the screen's poll(2) is not interrupted. This handler passes the signal on to ncurses'
/// handler, then writes a byte into the screen's wake pipe (write(2) is safe in a handler).
enum ResizeSignal {
    /// The write end of the wake pipe of the screen that owns the terminal; -1 when none.
    static let wakeDescriptor = Atomic<Int32>(-1)

    /// The handler in place before ours (ncurses'), written once before ours is installed.
    nonisolated(unsafe) static let previousAction: UnsafeMutablePointer<sigaction> = {
        let pointer = UnsafeMutablePointer<sigaction>.allocate(capacity: 1)
        pointer.initialize(to: sigaction())
        return pointer
    }()

    private static let installed = Atomic<Bool>(false)

    /// Makes resizes wake the pipe whose write end is `descriptor`; installs the handler
    /// once per process, after ncurses has installed its own.
    static func wake(_ descriptor: Int32) {
        _ = previousAction  // never first touched inside the handler
        wakeDescriptor.store(descriptor, ordering: .sequentiallyConsistent)
        guard !installed.exchange(true, ordering: .sequentiallyConsistent) else { return }
        sigaction(SIGWINCH, nil, previousAction)
        var action = sigaction()
        action.__sigaction_handler.sa_sigaction = passOnThenWake
        action.sa_flags = SA_SIGINFO | SA_RESTART
        sigemptyset(&action.sa_mask)
        sigaction(SIGWINCH, &action, nil)
    }

    /// Stops waking a pipe that is about to close.
    static func stopWaking() {
        wakeDescriptor.store(-1, ordering: .sequentiallyConsistent)
    }
}

/// The SIGWINCH handler: ncurses' handler first, then the wake-up.
private func passOnThenWake(_ signal: Int32, _ info: UnsafeMutablePointer<siginfo_t>?, _ context: UnsafeMutableRawPointer?) {
    let savedErrno = errno
    defer { errno = savedErrno }
    let previous = ResizeSignal.previousAction.pointee
    if previous.sa_flags & SA_SIGINFO != 0 {
        previous.__sigaction_handler.sa_sigaction?(signal, info, context)
    } else if let handler = previous.__sigaction_handler.sa_handler, unsafeBitCast(handler, to: Int.self) > 1 {
        handler(signal)  // not SIG_DFL (0) or SIG_IGN (1)
    }
    let descriptor = ResizeSignal.wakeDescriptor.load(ordering: .sequentiallyConsistent)
    guard descriptor >= 0 else { return }
    var byte: UInt8 = 1
    _ = write(descriptor, &byte, 1)
}
