import ArgumentParser
import Foundation
import Synchronization

/// How the benchmark server answers; the parent passes these on the child's command line.
struct ServeOptions: ParsableArguments {
    /// The pause before every answer: the simulated model time.
    @Option(name: .customLong("latency-ms"), help: "Milliseconds before every answer.")
    var latencyMilliseconds = 0

    /// Fixed JSON answers or streamed synthetic instructions.
    @Option(help: "fixed (one JSON completion) or stream (seven new instructions, a word per event).")
    var answer: AnswerShape = .stream

    /// Every n-th completion request fails, the kinds in turn; 0 never.
    @Option(help: "Fail every n-th completion request, rotating through the fault kinds (0: never).")
    var failEvery = 0

    /// A stalled answer stays silent until the client closes the connection, or this long.
    @Option(help: "Seconds a stalled answer waits for the client to give up before the server closes it.")
    var stallLimit = 120

    /// Seeds the synthetic instructions.
    @Option(help: "Seed of the synthetic instructions.")
    var seed: UInt64 = 11

    /// These options as command-line arguments.
    var arguments: [String] {
        ["--latency-ms", String(latencyMilliseconds), "--answer", answer.rawValue, "--fail-every", String(failEvery),
         "--stall-limit", String(stallLimit), "--seed", String(seed)]
    }
}

/// The child-process side of `BenchmarkServer`: a minimal OpenAI-compatible server on
/// 127.0.0.1. It prints its port, answers until its standard input closes, then prints
/// what it counted as one JSON line and exits. One blocking thread per connection, and
/// each answer goes out in a single write: a server that writes the head and the body
/// separately without TCP_NODELAY makes a kept-alive body wait ~40 ms for a delayed ACK,
/// which would measure the server rather than the client.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "The benchmarks' fake server (started by them).", shouldDisplay: false)

    @OptionGroup var options: ServeOptions

    func run() throws {
        let listener = try Self.listen()
        let state = ServerState(seed: options.seed)
        Thread.detachNewThread {
            _ = FileHandle.standardInput.readDataToEndOfFile()
            let tally = state.counts.withLock { $0.tally }
            FileHandle.standardOutput.write(try! JSONEncoder().encode(tally) + Data("\n".utf8))
            Foundation.exit(0)
        }
        let options = options
        while true {
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { continue }
            Thread.detachNewThread {
                defer { close(connection) }
                var reader = RequestReader(connection: connection)
                while let path = reader.nextRequest() {
                    if path.hasSuffix("/models") {
                        guard Self.send(.models, on: connection, stallLimit: options.stallLimit, state: state) else { return }
                        continue
                    }
                    let fault = state.counts.withLock { state -> Fault? in
                        state.tally.requests += 1
                        let fault = Fault.scheduled(forRequest: state.tally.requests, failEvery: options.failEvery)
                        if let fault { state.tally.faults[fault, default: 0] += 1 }
                        return fault
                    }
                    Thread.sleep(forTimeInterval: Double(options.latencyMilliseconds) / 1000)
                    let reply = ServerReply.answer(
                        options.answer, completion: { state.counts.withLock { $0.instructions.completion() } },
                        fault: fault)
                    guard Self.send(reply, on: connection, stallLimit: options.stallLimit, state: state) else { return }
                }
            }
        }
    }

    /// Writes `reply`; false when the connection is to be closed. A stall waits for the
    /// client to close the connection, at most `stallLimit` seconds, and counts the wait.
    private static func send(_ reply: ServerReply, on connection: Int32, stallLimit: Int, state: ServerState) -> Bool {
        _ = reply.bytes.withUnsafeBytes { write(connection, $0.baseAddress, $0.count) }
        switch reply.then {
        case .keepOpen:
            return true
        case .close:
            return false
        case .waitForClientToClose:
            let start = ContinuousClock.now
            var limit = timeval(tv_sec: stallLimit, tv_usec: 0)
            setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
            var byte: UInt8 = 0
            while read(connection, &byte, 1) > 0, ContinuousClock.now - start < .seconds(stallLimit) {}
            let waited = (ContinuousClock.now - start).seconds
            state.counts.withLock { $0.tally.stallWaits.append(waited) }
            return false
        }
    }

    /// A listening socket on 127.0.0.1 at a free port, which goes to standard output.
    private static func listen() throws -> Int32 {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address -> Bool in
                bind(listener, address, length) == 0 && Glibc.listen(listener, 128) == 0
                    && getsockname(listener, address, &length) == 0
            }
        }
        guard bound else { throw ValidationError("cannot listen on 127.0.0.1: errno \(errno)") }
        FileHandle.standardOutput.write(Data("\(UInt16(bigEndian: address.sin_port))\n".utf8))
        return listener
    }
}

/// What the connections share: the counts and the instruction generator.
private final class ServerState: Sendable {
    let counts: Mutex<(tally: ServerTally, instructions: SyntheticInstructions)>

    init(seed: UInt64) {
        counts = Mutex((ServerTally(), SyntheticInstructions(seed: seed)))
    }
}

/// Reads HTTP/1.1 requests off one connection: the head, then Content-Length bytes of body.
private struct RequestReader {
    let connection: Int32
    private var pending: [UInt8] = []
    private var buffer = [UInt8](repeating: 0, count: 65_536)

    init(connection: Int32) {
        self.connection = connection
    }

    /// The next request's path; nil once the peer has closed the connection.
    mutating func nextRequest() -> String? {
        var head: String?
        var bodyLength = 0
        var headEnd = 0
        while true {
            if head == nil, let end = pending.firstRange(of: Array("\r\n\r\n".utf8))?.upperBound {
                head = String(decoding: pending[..<end], as: UTF8.self)
                headEnd = end
                let lines = head!.lowercased().split(separator: "\r\n")
                if let line = lines.first(where: { $0.hasPrefix("content-length:") }) {
                    bodyLength = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) ?? 0
                }
            }
            if let head, pending.count >= headEnd + bodyLength {
                pending.removeFirst(headEnd + bodyLength)
                return head.split(separator: " ").dropFirst().first.map(String.init) ?? "/"
            }
            let count = read(connection, &buffer, buffer.count)
            guard count > 0 else { return nil }
            pending += buffer[..<count]
        }
    }
}
