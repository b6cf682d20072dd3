import ChildProcesses
import Foundation

/// One running parser: batches of texts in, one pair per text out, in order. Closing its
/// input ends it.
final class ParserProcess {
    private let launch: ParserLaunch
    private let process: ChildProcess
    private let input: FileHandle
    private let output: LineReader
    /// The batches sent so far.
    private(set) var requests = 0

    private struct Request: Encodable {
        var texts: [String]
    }

    private struct Reply: Decodable {
        var pairs: [[String?]]
    }

    /// Starts the parser and waits for its ready line (the pipeline loads in about 2 s).
    init(_ launch: ParserLaunch) throws(VerbNounError) {
        self.launch = launch
        do {
            (process, input, output) = try launch.start()
        } catch {
            throw VerbNounError("could not start the verb–noun parser \(launch.executable.path): \(error)")
        }
        guard output.next() != nil else {
            _ = process.wait()
            throw VerbNounError("the verb–noun parser exited while loading: \(launch.logTail()) (log: \(launch.log.path))")
        }
    }

    /// The pairs of `texts`, in order.
    func parse(_ texts: [String]) throws(VerbNounError) -> [VerbNounPair] {
        requests += 1
        do {
            var line = try JSONEncoder().encode(Request(texts: texts))
            line.append(UInt8(ascii: "\n"))
            try input.write(contentsOf: line)
        } catch {
            throw VerbNounError("could not send texts to the verb–noun parser (\(error)): \(launch.logTail()) (log: \(launch.log.path))")
        }
        guard let answer = output.next() else {
            throw VerbNounError("the verb–noun parser exited while parsing: \(launch.logTail()) (log: \(launch.log.path))")
        }
        guard let reply = try? JSONDecoder().decode(Reply.self, from: answer), reply.pairs.count == texts.count,
              reply.pairs.allSatisfy({ $0.count == 2 }) else {
            throw VerbNounError("the verb–noun parser answered \(texts.count) texts with something else: \(String(decoding: answer.prefix(200), as: UTF8.self))")
        }
        return reply.pairs.map { VerbNounPair(verb: $0[0], noun: $0[1]) }
    }

    /// Ends the parser and waits for it.
    func close() {
        try? input.close()
        _ = process.wait()
    }
}
