import DurableFiles
import Foundation
import JSONLines
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Instance summaries on demand: opening a pool leaves `PoolEntry.instanceSummary` out (it
/// means reading every instance, which doubled the time to open 100K records), so the
/// statistics, defect flags and their filters read them here when they first need them:
/// each entry's latest line again, on all cores, scanning only `id`, `revision` and
/// `instances`.
extension PoolFile {
    /// Gives every entry its instance summary, reading the instances of those without one.
    /// - Throws: `PoolError` if the file cannot be read.
    public func summarizeInstances() throws {
        try Self.summarize(&entries, descriptor: descriptor, path: path)
    }

    /// `entries`, as a `PoolFile` on `path` listed them, with their instance summaries read
    /// from the file where they lack one: for a reader that does not own the pool (the
    /// workbench, off its screen's thread). An entry whose line no longer holds its revision
    /// (the pool was compacted since) stays without one.
    /// - Throws: `PoolError` if the file cannot be opened or read.
    public static func summarizingInstances(of entries: [PoolEntry], poolAt path: String) throws -> [PoolEntry] {
        guard entries.contains(where: { $0.instanceSummary == nil }) else { return entries }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw PoolError.system("open", path: path) }
        defer { POSIXFile.close(descriptor) }
        var summarized = entries
        try summarize(&summarized, descriptor: descriptor, path: path)
        return summarized
    }

    private static func summarize(_ entries: inout [PoolEntry], descriptor: Int32, path: String) throws {
        let missing = entries.indices.filter { entries[$0].instanceSummary == nil }
        guard !missing.isEmpty else { return }
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8, missing.count))
        var summaries = [InstanceSummary?](repeating: nil, count: missing.count)
        var failures = [(any Error)?](repeating: nil, count: workers)
        let snapshot = entries
        summaries.withUnsafeMutableBufferPointer { slots in
            failures.withUnsafeMutableBufferPointer { failed in
                nonisolated(unsafe) let slots = slots, failed = failed
                DispatchQueue.concurrentPerform(iterations: workers) { worker in
                    let decoder = RecordCoding.makeDecoder()
                    var buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 16)
                    defer { buffer.deallocate() }
                    for slot in stride(from: worker, to: missing.count, by: workers) {
                        let entry = snapshot[missing[slot]]
                        if buffer.count < entry.location.length {
                            buffer.deallocate()
                            buffer = .allocate(byteCount: entry.location.length, alignment: 16)
                        }
                        let line = UnsafeRawBufferPointer(rebasing: buffer[..<entry.location.length])
                        do {
                            try FileIO.read(descriptor, into: UnsafeMutableRawBufferPointer(mutating: line), at: entry.location.offset, path: path)
                        } catch {
                            failed[worker] = error
                            return
                        }
                        slots[slot] = summary(of: entry, line: line, decoder: decoder)
                    }
                }
            }
        }
        if let failure = failures.lazy.compactMap({ $0 }).first { throw failure }
        for (slot, index) in missing.enumerated() { entries[index].instanceSummary = summaries[slot] }
    }

    /// The summary of `entry`'s instances from its line, nil when the line holds another
    /// record or revision. A line the scanner declines goes to `JSONDecoder`, where an
    /// element that is not an instance counts without words or flags (as the line loaded).
    private static func summary(of entry: PoolEntry, line: UnsafeRawBufferPointer, decoder: JSONDecoder) -> InstanceSummary? {
        let read: InstancesLine
        if let scanned = InstancesLine(scanning: line) {
            read = scanned
        } else {
            let data = Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: line.baseAddress!), count: line.count, deallocator: .none)
            guard let decoded = try? decoder.decode(InstancesLine.self, from: data) else { return nil }
            read = decoded
        }
        guard read.id == entry.id, read.revision == entry.revision else { return nil }
        return InstanceSummary(instruction: entry.instruction, readInstances: read.instances, droppedInstances: entry.droppedInstances)
    }
}

/// The members of a pool line that identify it and hold its instances.
private struct InstancesLine: Decodable {
    var id: String
    var revision: Int
    /// nil for an element that is not an instance.
    var instances: [Instance?]

    private enum CodingKeys: String, CodingKey {
        case id, revision, instances
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        revision = try c.decodeIfPresent(Int.self, forKey: .revision) ?? 1
        instances = try c.decodeIfPresent([ReadInstance].self, forKey: .instances)?.map(\.instance) ?? []
    }

    /// The members read straight from the bytes, or nil when the line is anything but
    /// plain: an instance object with a member missing or mistyped, a repeated member.
    init?(scanning line: UnsafeRawBufferPointer) {
        var reader = JSONScanner(line)
        var id: String?, revision = 1, instances: [Instance?] = []
        let complete = reader.readObject { (reader, member: InstancesLineMember) in
            switch member {
            case .id:
                id = reader.readString()
                return id != nil
            case .revision:
                guard let value = reader.readNullable({ $0.readInt() }) else { return false }
                revision = value ?? 1
                return true
            case .instances:
                guard let read = reader.readNullable({ $0.readInstances() }) else { return false }
                instances = read ?? []
                return true
            }
        }
        guard complete, let id else { return nil }
        self.id = id
        self.revision = revision
        self.instances = instances
    }
}

/// One element of `instances`, nil when it is not an instance.
private struct ReadInstance: Decodable {
    var instance: Instance?
    init(from decoder: any Decoder) throws {
        instance = try? Instance(from: decoder)
    }
}

private enum InstancesLineMember: Int, ObjectMember {
    case id, revision, instances

    init?(_ key: JSONScanner.Key) {
        switch key {
        case "id": self = .id
        case "revision": self = .revision
        case "instances": self = .instances
        default: return nil
        }
    }
}

private enum InstanceMember: Int, ObjectMember {
    case input, output, status

    init?(_ key: JSONScanner.Key) {
        switch key {
        case "input": self = .input
        case "output": self = .output
        case "status": self = .status
        default: return nil
        }
    }
}

private extension JSONScanner {
    /// An `instances` array as `Instance`'s Codable conformance reads it, nil for an
    /// element that is not an object. An object that is not an instance (a member missing
    /// or mistyped) declines the line: `JSONDecoder` decides what it is.
    mutating func readInstances() -> [Instance?]? {
        var instances: [Instance?] = []
        let complete = readArray { reader in
            guard reader.peek() == UInt8(ascii: "{") else {
                instances.append(nil)
                return reader.skipValue()
            }
            var input: String?, output: String?, status: InstanceStatus??
            let complete = reader.readObject { (reader, member: InstanceMember) in
                switch member {
                case .input:
                    input = reader.readString()
                    return input != nil
                case .output:
                    output = reader.readString()
                    return output != nil
                case .status:
                    guard let value = reader.readNullable({ $0.readString() }) else { return false }
                    guard let value else { return true }
                    guard let known = InstanceStatus(rawValue: value) else { return false }
                    status = .some(known)
                    return true
                }
            }
            guard complete, let input, let output else { return false }
            instances.append(Instance(input: input, output: output, status: status ?? nil))
            return true
        }
        return complete ? instances : nil
    }
}
