// A child process for the pool's crash test. It opens the pool for writing and, forever,
// adds records and changes their status, printing "<id> <revision>" on stdout after each
// change is durable. The test kills it with SIGKILL at a random moment and checks that
// every acknowledged change survived.
//
// usage: pool-crash-probe POOL SEED
import Foundation
import Pool

let arguments = CommandLine.arguments
guard arguments.count == 3, let seed = UInt64(arguments[2]) else {
    FileHandle.standardError.write(Data("usage: pool-crash-probe POOL SEED\n".utf8))
    exit(64)
}
var random = SplitMix64(seed: seed)

/// Acknowledges a durable change with one unbuffered write, so nothing waits in a buffer.
func acknowledge(_ id: String, _ revision: Int) {
    let bytes = Array("\(id) \(revision)\n".utf8)
    _ = bytes.withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
}
do {
    let pool = try PoolFile(at: URL(fileURLWithPath: arguments[1]))
    var step = 0
    while true {
        step += 1
        let record: PoolRecord
        if pool.entries.isEmpty || random.next() % 3 == 0 {
            // Raw completions of varying size make some writes long enough to be cut.
            let payload = String(repeating: "completion text ", count: Int(random.next() % 20_000))
            record = PoolRecord(
                id: "probe-\(getpid())-\(step)", instruction: "Describe step \(step) of the crash test.",
                instances: [Instance(input: "", output: "Step \(step).")], status: .pending,
                provenance: Provenance(instructionGeneration: ModelCall(model: "probe", rawCompletion: payload)))
            let entry = try pool.add(record)
            acknowledge(entry.id, entry.revision)
        } else {
            let target = pool.entries[Int(random.next() % UInt64(pool.entries.count))]
            let status: RecordStatus = target.status == .accepted ? .rejected : .accepted
            let updated = try pool.decide(target.id, status: status, why: .human(note: "step \(step)"))
            acknowledge(updated.id, updated.revision)
        }
    }
} catch {
    FileHandle.standardError.write(Data("pool-crash-probe: \(error)\n".utf8))
    exit(1)
}
