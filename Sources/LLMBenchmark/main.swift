// llm-benchmark: the client's sustained throughput, CPU per request and memory against a
// server that takes a fixed 200 ms per request, 16 requests in flight, 1,000 requests per
// round. The ideal is 16 / 0.2 s = 80 requests/s. The server runs in a child process
// (this executable with --serve) so that getrusage counts the client alone. The machine
// is shared with other work: repeat a run before trusting a difference of a few percent.
//
// usage: swift run -c release llm-benchmark [--requests N] [--in-flight K] [--latency-ms L] [--rounds R]

import BenchmarkSupport
import Foundation
import LLM

let arguments = CommandLine.arguments
func option(_ name: String, default value: Int) -> Int {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count,
          let parsed = Int(arguments[index + 1]) else { return value }
    return parsed
}
let latencyMilliseconds = option("--latency-ms", default: 200)

/// Child mode: answer every request with a fixed completion after the fixed latency;
/// print the port, then serve. One blocking thread per connection, and each response goes
/// out in a single write: FlyingFox writes the head and the body separately without
/// TCP_NODELAY, so on a kept-alive connection the body waits ~40 ms for a delayed ACK,
/// which would measure the server rather than the client.
func serve() throws -> Never {
    // Foundation's Process hands the parent's blocked signals down, and the Swift runtime
    // blocks SIGTERM: unblock it, or the parent's terminate() leaves this server running.
    var none = sigset_t()
    sigemptyset(&none)
    sigprocmask(SIG_SETMASK, &none, nil)
    let body = #"{"id":"cmpl-1","object":"text_completion","model":"bench","choices":[{"index":0,"text":" a benchmark answer of a typical length for one generated instruction.","finish_reason":"stop"}],"usage":{"prompt_tokens":120,"completion_tokens":16,"total_tokens":136}}"#
    let response = Array("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)".utf8)
    let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address -> Bool in
            bind(listener, address, length) == 0 && listen(listener, 128) == 0
                && getsockname(listener, address, &length) == 0
        }
    }
    guard bound else { fatalError("cannot listen on 127.0.0.1: errno \(errno)") }
    FileHandle.standardOutput.write(Data("\(UInt16(bigEndian: address.sin_port))\n".utf8))
    while true {
        let connection = accept(listener, nil, nil)
        guard connection >= 0 else { continue }
        Thread.detachNewThread {
            var pending: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while true {
                // Read one request: the head, then Content-Length bytes of body.
                var headEnd: Int?
                var bodyLength = 0
                while true {
                    if headEnd == nil, let end = pending.firstRange(of: Array("\r\n\r\n".utf8))?.upperBound {
                        headEnd = end
                        let head = String(decoding: pending[..<end], as: UTF8.self).lowercased()
                        if let line = head.split(separator: "\r\n").first(where: { $0.hasPrefix("content-length:") }) {
                            bodyLength = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) ?? 0
                        }
                    }
                    if let headEnd, pending.count >= headEnd + bodyLength {
                        pending.removeFirst(headEnd + bodyLength)
                        break
                    }
                    let count = read(connection, &buffer, buffer.count)
                    if count <= 0 {
                        close(connection)
                        return
                    }
                    pending += buffer[..<count]
                }
                usleep(useconds_t(latencyMilliseconds * 1000))
                _ = response.withUnsafeBytes { write(connection, $0.baseAddress, $0.count) }
            }
        }
    }
}

func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

func format(_ value: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", value) }

func benchmark() async throws {
    let requests = option("--requests", default: 1000)
    let inFlight = option("--in-flight", default: 16)
    let rounds = option("--rounds", default: 2)

    let child = Process()
    child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
    child.arguments = ["--serve", "--latency-ms", String(latencyMilliseconds)]
    let pipe = Pipe()
    child.standardOutput = pipe
    try child.run()
    defer { child.terminate() }
    guard let line = String(data: pipe.fileHandleForReading.availableData, encoding: .utf8)?
        .trimmingCharacters(in: .whitespacesAndNewlines), let port = Int(line) else {
        print("the benchmark server did not start")
        exit(1)
    }

    let client = LLMClient(
        endpoint: EndpointConfiguration(baseURL: "http://127.0.0.1:\(port)/v1", model: "bench"),
        limits: RateLimits(maxInFlight: inFlight))
    let prompt = String(repeating: "Come up with a series of tasks. ", count: 15)
    let template = CompletionRequest(prompt: prompt, parameters: SamplingParameters(maxTokens: 256, temperature: 0.7, stop: ["\n\n"]))
    let ideal = Double(inFlight) / (Double(latencyMilliseconds) / 1000)

    // Warm up connections, the task pool and the allocator.
    _ = await client.complete(prompts: Array(repeating: prompt, count: inFlight * 2), using: template)

    print("llm-benchmark: \(requests) requests/round, \(inFlight) in flight, \(latencyMilliseconds) ms server latency; ideal \(format(ideal)) req/s")
    print("memory before: \(format(ProcessMemory.residentMiB)) MiB resident")
    for round in 1...rounds {
        let cpuBefore = cpuSeconds()
        let start = ContinuousClock.now
        let results = await client.complete(prompts: Array(repeating: prompt, count: requests), using: template)
        let elapsed = (ContinuousClock.now - start)
        let cpu = cpuSeconds() - cpuBefore
        let failures = results.filter { (try? $0.get()) == nil }.count
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let throughput = Double(requests) / seconds
        print("round \(round): \(format(seconds, 2)) s, \(format(throughput)) req/s = \(format(100 * throughput / ideal))% of ideal; "
              + "client CPU \(format(1000 * cpu / Double(requests), 3)) ms/request; \(failures) failed; "
              + "memory after: \(format(ProcessMemory.residentMiB)) MiB resident")
    }
    let totals = client.usageTotals
    print("usage: \(totals.requests) requests, \(totals.promptTokens) prompt + \(totals.completionTokens) completion tokens")
}

if arguments.contains("--serve") {
    try serve()
} else {
    try await benchmark()
}
