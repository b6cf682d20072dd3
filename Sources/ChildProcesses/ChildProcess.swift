import CSpawn
import Glibc

/// A program started with `posix_spawn`, its standard streams pipes, files or this process's
/// own, every other descriptor closed in the child. Foundation's `Process` is not used: on
/// Linux its `run()` reads past a buffer while listing `/proc/self/fd` and, now and then,
/// crashes the calling process (swift-corelibs-foundation #5472); and a child must not hold
/// this process's descriptors (a pool's lock would stay taken while the child runs).
public final class ChildProcess: @unchecked Sendable {
    /// Where one of the child's standard streams goes.
    public enum Stream: Sendable {
        /// A pipe; this process holds the other end (`input`, `output`, `error`).
        case pipe
        /// This process's own stream.
        case inherit
        /// `/dev/null`.
        case null
        /// The file at this path, created if missing, appended to (else emptied first).
        case file(String, appending: Bool = true)
        /// Where the child's standard output goes (for its standard error).
        case output
    }

    /// How the child ended.
    public enum Termination: Sendable, Equatable {
        /// It exited with this status.
        case exited(Int32)
        /// A signal ended it.
        case signalled(Int32)

        /// The exit status, or for a signal its number, as `Process.terminationStatus` gives.
        public var status: Int32 {
            switch self {
            case .exited(let status), .signalled(let status): status
            }
        }
    }

    /// The child's process id.
    public let processIdentifier: pid_t
    /// The write end of the child's standard input, when it is a pipe.
    public private(set) var input: Int32?
    /// The read end of the child's standard output, when it is a pipe.
    public let output: Int32?
    /// The read end of the child's standard error, when it is a pipe.
    public let error: Int32?
    private var ended: Termination?

    /// Starts `executable` (a path) with `arguments`, in `directory` if given, with
    /// `environment` (this process's when nil); in a process group of its own when
    /// `newProcessGroup` (a server meant to outlive this process, stopped by its group).
    /// - Throws: `ChildProcessError` saying which step failed and why.
    public init(
        executable: String, arguments: [String], environment: [String: String]? = nil, directory: String? = nil,
        input: Stream = .pipe, output: Stream = .pipe, error: Stream = .pipe, newProcessGroup: Bool = false
    ) throws(ChildProcessError) {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var ours: [Int32] = []  // this process's ends of the pipes, closed if the start fails
        var theirs: [Int32] = []  // the child's ends, closed here once it started
        func close(_ descriptors: [Int32]) { for descriptor in descriptors { _ = Glibc.close(descriptor) } }

        func connect(_ stream: Stream, to target: Int32, childReads: Bool) throws(ChildProcessError) -> Int32? {
            switch stream {
            case .inherit:
                return nil
            case .output:
                posix_spawn_file_actions_adddup2(&actions, 1, target)
                return nil
            case .null, .file:
                let path: String, flags: Int32
                if case .file(let file, let appending) = stream {
                    (path, flags) = (file, O_WRONLY | O_CREAT | O_CLOEXEC | (appending ? O_APPEND : O_TRUNC))
                } else {
                    (path, flags) = ("/dev/null", (childReads ? O_RDONLY : O_WRONLY) | O_CLOEXEC)
                }
                let descriptor = open(path, flags, 0o644)
                guard descriptor >= 0 else { throw ChildProcessError("cannot open \(path) for \(executable)", code: errno) }
                theirs.append(descriptor)
                posix_spawn_file_actions_adddup2(&actions, descriptor, target)
                return nil
            case .pipe:
                var ends: [Int32] = [-1, -1]
                guard cspawn_pipe(&ends) == 0 else { throw ChildProcessError("cannot make a pipe for \(executable)", code: errno) }
                let (childEnd, ourEnd) = childReads ? (ends[0], ends[1]) : (ends[1], ends[0])
                theirs.append(childEnd)
                ours.append(ourEnd)
                posix_spawn_file_actions_adddup2(&actions, childEnd, target)
                return ourEnd
            }
        }

        do {
            self.input = try connect(input, to: 0, childReads: true)
            self.output = try connect(output, to: 1, childReads: false)
            self.error = try connect(error, to: 2, childReads: false)
        } catch {
            close(ours + theirs)
            throw error
        }
        cspawn_add_close_from(&actions, 3)
        if let directory { cspawn_add_chdir(&actions, directory) }

        // The child starts with default signal handling and an empty mask, whatever this
        // process ignores or blocks (SIGPIPE, say).
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var all = sigset_t(), none = sigset_t()
        sigfillset(&all)
        sigemptyset(&none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setsigmask(&attributes, &none)
        var flags = POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK
        if newProcessGroup {
            posix_spawnattr_setpgroup(&attributes, 0)
            flags |= POSIX_SPAWN_SETPGROUP
        }
        posix_spawnattr_setflags(&attributes, Int16(flags))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let pairs = environment.map { $0.map { "\($0.key)=\($0.value)" } }
        let envp = pairs.map { $0.map { strdup($0) } + [nil] }
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp ?? [] { free(pointer) }
        }
        var pid: pid_t = 0
        let result = envp.map { envp in posix_spawn(&pid, executable, &actions, &attributes, argv, envp) }
            ?? posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        close(theirs)
        guard result == 0 else {
            close(ours)
            throw ChildProcessError("cannot start \(executable)", code: result)
        }
        processIdentifier = pid
    }

    deinit {
        for descriptor in [input, output, error].compactMap({ $0 }) { _ = Glibc.close(descriptor) }
    }

    /// Closes the child's standard input (this process's end of the pipe): it reads its end.
    public func closeInput() {
        if let input { _ = Glibc.close(input) }
        input = nil
    }

    /// Waits for the child to end (once; later calls give the same answer).
    public func wait() -> Termination {
        if let ended { return ended }
        var status: Int32 = 0
        while waitpid(processIdentifier, &status, 0) < 0 {
            guard errno == EINTR else { return .exited(-1) }
        }
        let signal = status & 0x7F
        let termination: Termination = signal == 0 ? .exited((status >> 8) & 0xFF) : .signalled(signal)
        ended = termination
        return termination
    }

    /// Sends `signal` to the child.
    public func send(_ signal: Int32) {
        _ = kill(processIdentifier, signal)
    }
}

/// Why a child process could not be started, with the system's reason.
public struct ChildProcessError: Error, Sendable, CustomStringConvertible {
    /// What failed and why.
    public let description: String

    init(_ what: String, code: Int32) {
        description = "\(what): \(String(cString: strerror(code)))"
    }
}
