import CCurl
import Foundation
import Synchronization

/// One HTTP exchange for the transfer thread: what to send, how long to wait, and who
/// hears of a long wait.
struct HTTPRequestSpec: Sendable {
    var method: String
    var url: String
    var headers: [(name: String, value: String)]
    var body: Data?
    var timeouts: EndpointConfiguration.Timeouts
    /// A longer answer (error bodies included) is abandoned as `.tooLarge`.
    var maxAnswerBytes: Int
    /// Hears, on the transfer thread, of a wait longer than a few seconds, about once a second.
    var onWait: (@Sendable (_ phase: WaitPhase, _ waited: Duration, _ timeout: Duration) -> Void)?
}

/// Receives one transfer's response on the transfer thread. Calls come in order: any
/// number of `receive` calls (status and headers are known by the first), then `finish`.
protocol TransferSink: AnyObject, Sendable {
    func receive(status: Int, headers: HTTPHeaders, bytes: UnsafeRawBufferPointer)
    func finish(status: Int, headers: HTTPHeaders, outcome: TransferOutcome)
}

/// How a transfer ended at the transport level.
enum TransferOutcome: Sendable {
    case completed
    case failed(TransportFailure)
    case cancelled
}

/// A libcurl error in words, classified for the retry policy.
struct TransportFailure: Sendable, Error {
    enum Kind: Sendable { case timedOut, refused, connectionLost, tooLarge, other }
    var kind: Kind
    var message: String
}

/// Response headers, names lower-cased; the last value of a repeated header wins.
struct HTTPHeaders: Sendable {
    private(set) var values: [String: String] = [:]

    subscript(name: String) -> String? { values[name.lowercased()] }

    mutating func parseLine(_ line: Substring) {
        if line.hasPrefix("HTTP/") {
            values.removeAll()  // a new response (after 100 Continue or a redirect)
            return
        }
        guard let colon = line.firstIndex(of: ":") else { return }
        let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
        let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
        values[name] = value
    }

    /// The answer says it is a server-sent event stream (`text/event-stream`, any parameters).
    var isEventStream: Bool {
        self["content-type"]?.lowercased().hasPrefix("text/event-stream") ?? false
    }
}

/// Cancels a transfer handed to `CurlMulti`; safe from any thread, and after it ended.
struct TransferHandle: Sendable {
    fileprivate let transfer: CurlTransfer
    fileprivate let loop: CurlMulti.Loop

    func cancel() { loop.submit(.cancel(transfer)) }
}

/// libcurl's multi interface on a dedicated thread: one thread drives every transfer, so
/// blocking network work never occupies the Swift task pool (two threads on two cores).
final class CurlMulti: Sendable {
    fileprivate let loop: Loop

    init() {
        CurlMulti.globalInit
        loop = Loop()
        let thread = Thread { [loop] in loop.run() }
        thread.name = "selfinstruct.curl"
        thread.start()
    }

    deinit { loop.submit(.stop) }

    /// Starts a transfer; the sink hears of it on the transfer thread.
    func start(_ spec: HTTPRequestSpec, sink: any TransferSink) -> TransferHandle {
        let transfer = CurlTransfer(spec: spec, sink: sink)
        loop.submit(.add(transfer))
        return TransferHandle(transfer: transfer, loop: loop)
    }

    /// curl_global_init is not thread-safe: run it once, before the first transfer thread.
    private static let globalInit: Void = {
        curl_global_init(Int(CURL_GLOBAL_DEFAULT))
    }()

    enum Command {
        case add(CurlTransfer)
        case cancel(CurlTransfer)
        case stop
    }

    /// The transfer thread's state; only `submit` is called from other threads.
    final class Loop: @unchecked Sendable {
        private let multi: UnsafeMutableRawPointer
        private let inbox = Mutex<[Command]>([])
        /// Transfers added to the multi handle; touched on the transfer thread only.
        private var active: [ObjectIdentifier: CurlTransfer] = [:]

        init() {
            multi = curl_multi_init()!
            // Keep idle connections for reuse by later requests to the same server.
            _ = ccurl_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, 64)
        }

        func submit(_ command: Command) {
            inbox.withLock { $0.append(command) }
            curl_multi_wakeup(multi)
        }

        func run() {
            var running: Int32 = 0
            while true {
                let commands = inbox.withLock { commands in
                    defer { commands.removeAll(keepingCapacity: true) }
                    return commands
                }
                for command in commands {
                    switch command {
                    case .add(let transfer): add(transfer)
                    case .cancel(let transfer): end(transfer, outcome: .cancelled)
                    case .stop:
                        for transfer in active.values { end(transfer, outcome: .cancelled) }
                        curl_multi_cleanup(multi)
                        return
                    }
                }
                curl_multi_perform(multi, &running)
                collectFinished()
                curl_multi_poll(multi, nil, 0, watchWaits(), nil)
            }
        }

        /// Ends overdue transfers and reports long waits; returns the milliseconds until
        /// the next check is due (at most one second).
        private func watchWaits() -> Int32 {
            let now = ContinuousClock.now
            var next = now + .seconds(1)
            for transfer in Array(active.values) {
                switch transfer.watch.check(at: now, connected: transfer.isConnected) {
                case .quiet(let due):
                    next = min(next, due)
                case .waiting(let phase, let waited, let timeout, let due):
                    transfer.spec.onWait?(phase, waited, timeout)
                    next = min(next, due)
                case .timedOut(let message):
                    end(transfer, outcome: .failed(TransportFailure(kind: .timedOut, message: message)))
                }
            }
            return Int32(clamping: max(1, (next - ContinuousClock.now).milliseconds + 1))
        }

        private func add(_ transfer: CurlTransfer) {
            if let failure = transfer.configure() {
                transfer.sink.finish(status: 0, headers: transfer.headers, outcome: .failed(failure))
                return
            }
            active[ObjectIdentifier(transfer)] = transfer
            curl_multi_add_handle(multi, transfer.easy)
        }

        private func end(_ transfer: CurlTransfer, outcome: TransferOutcome) {
            guard active.removeValue(forKey: ObjectIdentifier(transfer)) != nil else { return }
            curl_multi_remove_handle(multi, transfer.easy)
            transfer.sink.finish(status: transfer.status, headers: transfer.headers, outcome: outcome)
        }

        private func collectFinished() {
            var left: Int32 = 0
            while let message = curl_multi_info_read(multi, &left) {
                guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
                let code = message.pointee.data.result
                var privatePointer: UnsafeMutableRawPointer?
                _ = ccurl_easy_getinfo_pointer(easy, CURLINFO_PRIVATE, &privatePointer)
                guard let privatePointer else { continue }
                let transfer = Unmanaged<CurlTransfer>.fromOpaque(privatePointer).takeUnretainedValue()
                transfer.readStatus()
                end(transfer, outcome: code == CURLE_OK ? .completed : .failed(transfer.failure(code)))
            }
        }
    }
}

/// One easy handle and everything libcurl points into while it runs: the request body
/// (copied by CURLOPT_COPYPOSTFIELDS), the header list and the error buffer stay alive
/// as long as the handle.
final class CurlTransfer: @unchecked Sendable {
    let easy: UnsafeMutableRawPointer
    let spec: HTTPRequestSpec
    let sink: any TransferSink
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE))
    fileprivate(set) var status = 0
    fileprivate(set) var headers = HTTPHeaders()
    /// Its waits, from when the transfer thread took it on.
    fileprivate var watch: TransferWatch
    /// Body bytes so far, against `spec.maxAnswerBytes`.
    private var answerBytes = 0

    /// The connection is up and the request on its way (curl's pre-transfer time is set).
    fileprivate var isConnected: Bool {
        var microseconds: curl_off_t = 0
        _ = ccurl_easy_getinfo_off_t(easy, CURLINFO_PRETRANSFER_TIME_T, &microseconds)
        return microseconds > 0
    }

    init(spec: HTTPRequestSpec, sink: any TransferSink) {
        easy = curl_easy_init()!
        self.spec = spec
        self.sink = sink
        watch = TransferWatch(timeouts: spec.timeouts, started: .now)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
    }

    deinit {
        curl_easy_cleanup(easy)
        curl_slist_free_all(headerList)
        errorBuffer.deallocate()
    }

    /// Sets the options; returns a failure if libcurl refused one (a malformed URL, say).
    func configure() -> TransportFailure? {
        var code = CURLE_OK
        func set(_ result: CURLcode) { if code == CURLE_OK { code = result } }
        let me = Unmanaged.passUnretained(self).toOpaque()
        set(ccurl_easy_setopt_string(easy, CURLOPT_URL, spec.url))
        set(ccurl_easy_setopt_long(easy, CURLOPT_NOSIGNAL, 1))
        set(ccurl_easy_setopt_pointer(easy, CURLOPT_ERRORBUFFER, errorBuffer))
        set(ccurl_easy_setopt_pointer(easy, CURLOPT_PRIVATE, me))
        set(ccurl_easy_setopt_data_callback(easy, CURLOPT_WRITEFUNCTION, curlWrite))
        set(ccurl_easy_setopt_pointer(easy, CURLOPT_WRITEDATA, me))
        set(ccurl_easy_setopt_data_callback(easy, CURLOPT_HEADERFUNCTION, curlHeader))
        set(ccurl_easy_setopt_pointer(easy, CURLOPT_HEADERDATA, me))
        // The first-byte and idle timeouts are the transfer thread's (TransferWatch).
        set(ccurl_easy_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, spec.timeouts.connect.milliseconds))
        set(ccurl_easy_setopt_string(easy, CURLOPT_ACCEPT_ENCODING, ""))
        if spec.method == "POST" {
            let body = spec.body ?? Data()
            set(ccurl_easy_setopt_off_t(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count)))
            if body.isEmpty {
                set(ccurl_easy_setopt_string(easy, CURLOPT_COPYPOSTFIELDS, ""))
            } else {
                // Copied by libcurl: the Data may go away before the transfer ends.
                set(body.withUnsafeBytes { bytes in
                    ccurl_easy_setopt_pointer(easy, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress!))
                })
            }
        } else if spec.method != "GET" {
            set(ccurl_easy_setopt_string(easy, CURLOPT_CUSTOMREQUEST, spec.method))
        }
        // An empty "Expect:" stops libcurl waiting up to 1 s for "100 Continue" on big bodies.
        for line in spec.headers.map({ "\($0.name): \($0.value)" }) + ["Expect:"] {
            headerList = curl_slist_append(headerList, line)
        }
        set(ccurl_easy_setopt_slist(easy, CURLOPT_HTTPHEADER, headerList))
        return code == CURLE_OK ? nil : failure(code)
    }

    func readStatus() {
        var code = 0
        _ = ccurl_easy_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &code)
        status = code
    }

    func failure(_ code: CURLcode) -> TransportFailure {
        let detail = String(cString: errorBuffer)
        let message = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
        if answerBytes > spec.maxAnswerBytes {
            let limit = spec.maxAnswerBytes % (1 << 20) == 0 ? "\(spec.maxAnswerBytes >> 20) MiB" : "\(spec.maxAnswerBytes) bytes"
            return TransportFailure(kind: .tooLarge, message: "its answer passed the \(limit) a model's answer may have")
        }
        let kind: TransportFailure.Kind
        switch code {
        case CURLE_OPERATION_TIMEDOUT: kind = .timedOut
        case CURLE_COULDNT_CONNECT: kind = .refused
        case CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_PARTIAL_FILE, CURLE_GOT_NOTHING: kind = .connectionLost
        default: kind = .other
        }
        return TransportFailure(kind: kind, message: message)
    }

    /// Hands `bytes` on; false (abort the transfer) once the answer is too large.
    fileprivate func received(_ bytes: UnsafeRawBufferPointer) -> Bool {
        watch.received(at: .now)
        answerBytes += bytes.count
        guard answerBytes <= spec.maxAnswerBytes else { return false }
        if status == 0 { readStatus() }
        sink.receive(status: status, headers: headers, bytes: bytes)
        return true
    }

    fileprivate func receivedHeader(_ bytes: UnsafeRawBufferPointer) {
        watch.received(at: .now)
        headers.parseLine(Substring(decoding: bytes, as: UTF8.self))
    }
}

private let curlWrite: ccurl_data_callback = { buffer, size, count, userdata in
    guard let userdata, let buffer else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue()
    // Any count but the one given makes libcurl abort the transfer.
    return transfer.received(UnsafeRawBufferPointer(start: buffer, count: size * count)) ? size * count : 0
}

private let curlHeader: ccurl_data_callback = { buffer, size, count, userdata in
    guard let userdata, let buffer else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue()
    transfer.receivedHeader(UnsafeRawBufferPointer(start: buffer, count: size * count))
    return size * count
}

extension Duration {
    /// Whole milliseconds, for libcurl's `long` millisecond options.
    var milliseconds: Int {
        let (seconds, attoseconds) = components
        return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
    }

    /// Seconds as a Double, for messages and arithmetic.
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
