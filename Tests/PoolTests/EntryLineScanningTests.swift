import Foundation
import TestSupport
import Testing
@testable import Pool

/// The loader's fast path (`EntryLine.init(scanning:)`) reads every line it takes exactly as
/// `JSONDecoder` does, and leaves every line it is unsure of to `JSONDecoder`.
@Suite struct EntryLineScanningTests {
    // MARK: Lines the scanner reads

    @Test func linesPoolFileWritesScanExactlyAsJSONDecoderReadsThem() throws {
        try withTemporaryFolder { folder in
            let records = Self.recordsOfEveryShape()
            let pool = try PoolFile(at: folder.pool)
            try pool.add(contentsOf: records)
            try pool.decide(records[0].id, status: .rejected, why: .human(note: "off topic"))
            try pool.close()

            let lines = try folder.read("pool.jsonl").split(separator: "\n").map(String.init)
            #expect(lines.count == records.count + 1)
            for line in lines {
                let scanned = try #require(Self.scan(line), "declined: \(line)")
                let decoded = try Self.decode(line)
                #expect(Self.exact(scanned) == Self.exact(decoded) && scanned.action == decoded.action, "\(line)")
            }
        }
    }

    @Test func handWrittenLinesScanExactlyAsJSONDecoderReadsThem() throws {
        let lines = [
            // Whitespace between every token, keys in another order, nulls for optional members.
            " { \"status\" : \"pending\" ,\t\"instruction\" : \"Do it.\" , \"id\" : \"a\" , \"why\" : null , \"round\" : null ,"
                + " \"instances\" : null , \"instances_why\" : null , \"most_similar\" : null , \"avg_similarity_score\" : null ,"
                + " \"is_classification\" : null , \"revision\" : null , \"format_version\" : null } ",
            // Members EntryLine does not read, of every type, and provenance first.
            #"{"provenance":{"imported_from":{"file":"f","position":1,"format":"x"},"upstream_metadata":[1,-2.5e-3,true,false,null,{},[]]},"#
                + #""name":"n","restores":3,"edits":[{"field":"status","before":"pending","after":"accepted","at":"2024-01-01T00:00:00.000Z"}],"#
                + #""zzz":{"a":[[[{"b":"\q \ud800"}]]]},"id":"b","instruction":"B","status":"seed","format_version":1}"#,
            // Escapes of every kind, \u escapes with surrogate pairs, raw CJK and emoji.
            #"{"id":"c\u0000\/","instruction":"\"q\" \\ \b\f\n\r\t \u00e9\u6F22\ud83d\ude00 漢字 😀 é","status":"accepted","#
                + #""why":{"kind":"similarity","value":0.7,"neighbour":"\u00e9 \"n\"","note":"\ud83e\udd16","extra":{"kind":1}}}"#,
            // Numbers: zero, negative zero, exponents, integers as doubles, 17 significant digits.
            #"{"id":"d","instruction":"D","status":"rejected","why":{"kind":"length","value":3},"avg_similarity_score":-0.0,"#
                + #""most_similar":{"x":1e-5,"y":0.49999999999999994,"z":0,"w":-0,"v":1E2,"u":2.5e+1}}"#,
            #"{"id":"e","instruction":"E","status":"accepted","avg_similarity_score":0,"most_similar":{},"round":0,"revision":-0}"#,
            #"{"id":"f","instruction":"F","status":"accepted","avg_similarity_score":123456789012345678901234567890e-40}"#,
            // Instance reasons with extra members, a task reason only, and dropped ones only.
            #"{"id":"g","instruction":"G","status":"accepted","instances_why":{"task":{"name":"none-parsed","detail":"d","x":1},"#
                + #""dropped":[{"input":"i","output":"o","reason":{"name":"duplicate","detail":"d"},"status":"rejected"},"#
                + #"{"output":"\u00e9","input":"","reason":{"detail":"","name":"duplicate"}},"#
                + #"{"input":"i","output":"o","reason":{"name":"empty-output","detail":"e"}}]}}"#,
            #"{"id":"h","instruction":"H","status":"accepted","instances_why":{"task":null,"dropped":null},"instances":[1,"x",{"input":"a","output":"b","status":null},[],null]}"#,
            #"{"id":"i","instruction":"I","status":"accepted","instances_why":{}}"#,
            // A why with a text value, no value at all, an unknown kind, a null note.
            #"{"id":"j","instruction":"J","status":"rejected","why":{"kind":"keyword","value":"image"}}"#,
            #"{"id":"k","instruction":"K","status":"rejected","why":{"kind":"brand-new-filter","value":null,"note":null,"neighbour":null}}"#,
            // Action stamps: a person's action, an undo that restores, a redo with nulls.
            #"{"id":"m","instruction":"M","status":"accepted","revision":2,"action":{"id":"a-1","name":"accept 15 records"}}"#,
            #"{"action":{"undoes":"a-1","id":"a-\u0032","extra":[1]},"restores":1,"id":"n","instruction":"N","status":"pending","revision":3}"#,
            #"{"id":"o","instruction":"O","status":"accepted","restores":null,"action":{"id":"a-3","name":null,"undoes":null,"redoes":"a-1"}}"#,
            // A CR inside the line is whitespace.
            "{\"id\":\"l\",\r\"instruction\":\"L\",\"status\":\"seed\"}",
        ]
        for line in lines {
            let scanned = try #require(Self.scan(line), "declined: \(line)")
            let decoded = try Self.decode(line)
            #expect(Self.exact(scanned) == Self.exact(decoded) && scanned.action == decoded.action, "\(line)")
        }
    }

    @Test func numbersScanToTheDoublesJSONDecoderGives() throws {
        var random = SplitMix64(seed: 7)
        for _ in 0..<3000 {
            // Up to 22 digits, the last one not zero (zeros are in the hand-written lines).
            let digits = (1..<Int.random(in: 1...22, using: &random)).map { _ in String(Int.random(in: 0...9, using: &random)) }.joined()
                + String(Int.random(in: 1...9, using: &random))
            let integer = digits.first == "0" ? "0" : String(digits.prefix(Int.random(in: 1...digits.count, using: &random)))
            let fraction = digits.dropFirst(integer.count)
            var number = (Bool.random(using: &random) ? "-" : "") + integer + (fraction.isEmpty ? "" : "." + fraction)
            // Exponents that keep every value a normal double.
            if Bool.random(using: &random) { number += "e" + String(Int.random(in: -280...280, using: &random)) }
            let line = #"{"id":"n","instruction":"N","status":"rejected","why":{"kind":"length","value":\#(number)},"#
                + #""avg_similarity_score":\#(number),"most_similar":{"a":\#(number)}}"#
            let scanned = try #require(Self.scan(line), "declined: \(number)")
            #expect(Self.exact(scanned) == Self.exact(try Self.decode(line)), "\(number)")
        }
    }

    /// Lines with a few bytes deleted, inserted, replaced or copied from elsewhere in the
    /// line: whatever the scanner reads, the JSONDecoder path reads the same.
    @Test func corruptedLinesScanAsTheJSONDecoderPathReadsThemOrAreLeftToIt() throws {
        try withTemporaryFolder { folder in
            let pool = try PoolFile(at: folder.pool)
            try pool.add(contentsOf: Self.recordsOfEveryShape().filter { $0.provenance != nil && !$0.mostSimilar.isEmpty })
            try pool.close()
            let lines = try folder.read("pool.jsonl").split(separator: "\n").map { Array($0.utf8) } + [
                Array((#"{ "provenance" : {"a":[1,{"b":"\"}"}]} , "id" : "x\u00e9\ud83d\ude00", "instruction" : "\"I\"", "status" : "seed", "#
                    + #""most_similar" : {"p\\":0.5,"q":-1e-3}, "why":{"kind":"similarity","value":0.5,"neighbour":"p"}, "round":12 }"#).utf8),
            ]
            let alphabet = Array(#"{}[]",:\ .-+eE0123456789tfnulrsxa"#.utf8) + [0x00, 0x09, 0x0A, 0xC3, 0xFF]
            let decoder = RecordCoding.makeDecoder()
            var random = SplitMix64(seed: 11)
            var scanned = 0
            let corruptions = 20_000
            for _ in 0..<corruptions {
                var line = lines.randomElement(using: &random)!
                for _ in 0..<Int.random(in: 1...3, using: &random) {
                    let at = Int.random(in: 0..<line.count, using: &random)
                    switch Int.random(in: 0..<4, using: &random) {
                    case 0: line.remove(at: at)
                    case 1: line.insert(alphabet.randomElement(using: &random)!, at: at)
                    case 2: line[at] = alphabet.randomElement(using: &random)!
                    default:
                        let from = Int.random(in: 0..<line.count, using: &random)
                        line.insert(contentsOf: line[from..<min(line.count, from + Int.random(in: 1...40, using: &random))], at: at)
                    }
                }
                try line.withUnsafeBytes { bytes in
                    guard let fast = EntryLine(scanning: bytes) else { return }
                    scanned += 1
                    let text = String(decoding: line, as: UTF8.self)
                    let slow = try #require(try? PoolLoader.decodeWithJSONDecoder(bytes, decoder: decoder), "\(text)")
                    #expect(Self.exact(fast) == Self.exact(slow), "\(text)")
                }
            }
            #expect(scanned > corruptions / 10)
        }
    }

    // MARK: Lines the scanner leaves to JSONDecoder

    @Test(arguments: [
        // JSON that JSONDecoder refuses.
        #"{"id":"x","instruction":"bad \q escape","status":"seed"}"#,
        #"{"id":"x","instruction":"lone \ud800 surrogate","status":"seed"}"#,
        #"{"id":"x","instruction":"lone \udc00 low surrogate","status":"seed"}"#,
        "{\"id\":\"x\",\"instruction\":\"raw \u{1} control\",\"status\":\"seed\"}",
        #"{"id":"x","instruction":"X","status":"seed"} trailing"#,
        #"{"id":"x","instruction":"X","status":"seed""#,
        #"{"id":"x","instruction":"X","status":"seed","avg_similarity_score":1e400}"#,
        #"{"id":"x","instruction":"X","status":"seed","avg_similarity_score":1e-400}"#,
        #"{"id":"x","instruction":"X","status":"seed","round":99999999999999999999}"#,
        #"{"id":"x","instruction":"X","status":"seed","why":{"kind":"length","value":true}}"#,
        // Wrong types, unknown statuses, missing members.
        #"{"id":1,"instruction":"X","status":"seed"}"#,
        #"{"id":"x","instruction":"X","status":"unknown"}"#,
        #"{"id":"x","instruction":"X","status":"seed","revision":"2"}"#,
        #"{"id":"x","instruction":"X","status":"seed","is_classification":"yes"}"#,
        #"{"id":"x","instruction":"X","status":"seed","instances":{}}"#,
        #"{"id":"x","instruction":"X","status":"seed","most_similar":{"a":"b"}}"#,
        #"{"id":"x","instruction":"X","status":"seed","why":{"value":1}}"#,
        #"{"id":"x","instruction":"X","status":"seed","instances_why":{"dropped":[{"input":"i","reason":{"name":"n","detail":"d"}}]}}"#,
        #"{"id":"x","instruction":"X","status":"seed","instances_why":{"task":{"name":"n"}}}"#,
        #"{"id":"x","status":"seed"}"#,
        #"["not an object"]"#,
        // A newer format.
        #"{"format_version":99,"id":"x","instruction":"X","status":"seed"}"#,
        // What JSONDecoder reads but the scanner does not try to: repeated keys, trailing
        // commas, integers written as doubles, escaped keys, subnormal numbers.
        #"{"id":"x","instruction":"X","status":"seed","id":"y"}"#,
        #"{"id":"x","instruction":"X","status":"seed",}"#,
        #"{"id":"x","instruction":"X","status":"seed","revision":2.0,"round":1e1}"#,
        #"{"\u0069d":"x","instruction":"X","status":"seed"}"#,
        #"{"id":"x","instruction":"X","status":"seed","avg_similarity_score":5e-324}"#,
        // JSONDecoder's quirks: it refuses the zero `0e7` (but takes `0e400`), and a `\u`
        // without four more bytes before a quote even in a member it skips.
        #"{"id":"x","instruction":"X","status":"seed","avg_similarity_score":0e7}"#,
        #"{"id":"x","instruction":"X","status":"seed","avg_similarity_score":0e400}"#,
        #"{"id":"x","instruction":"X","status":"seed","skipped":{"a\ue":1}}"#,
        #"{"id":"x","instruction":"X","status":"seed","edits":[01]}"#,
    ])
    func linesTheScannerDeclinesLoadAsJSONDecoderReadsThem(line: String) throws {
        #expect(Self.scan(line) == nil)
        try withTemporaryFolder { folder in
            try folder.write("pool.jsonl", [Fixture.line("a"), line, Fixture.line("b")].joined(separator: "\n") + "\n")
            let pool = try PoolFile(at: folder.pool, access: .readOnly)
            do {
                let decoded = try Self.decode(line)
                #expect(pool.problems.isEmpty, "\(pool.problems)")
                let entry = try #require(pool.entries.first { $0.id == decoded.id })
                #expect(Self.exact(entry) == Self.exact(decoded))
            } catch {
                #expect(pool.entries.map(\.id) == ["a", "b"])
                #expect(pool.problems.map(\.line) == [2])
                #expect(pool.problems.first?.message == RecordCoding.describe(error, line: Array(line.utf8)))
            }
        }
    }

    @Test func invalidUTF8IsLeftToJSONDecoder() {
        let line = Array(#"{"id":"x","instruction":"caf"#.utf8) + [0xC3, 0x28] + Array(#"","status":"seed"}"#.utf8)
        #expect(line.withUnsafeBytes { EntryLine(scanning: $0) } == nil)
    }

    // MARK: Helpers

    private static func scan(_ line: String) -> EntryLine? {
        Array(line.utf8).withUnsafeBytes { EntryLine(scanning: $0) }
    }

    private static func decode(_ line: String) throws -> EntryLine {
        try RecordCoding.makeDecoder().decode(EntryLine.self, from: Data(line.utf8))
    }

    /// Every field in a form that tells apart what `==` does not: strings by their scalars,
    /// doubles by their bits (so `-0.0` is not `0.0`).
    private static func exact(_ line: EntryLine) -> String {
        exact(PoolEntry(summary: line, line: 0, location: LineLocation(offset: 0, length: 0)))
    }

    private static func exact(_ entry: PoolEntry) -> String {
        func text(_ string: String?) -> String {
            string.map { "\"" + $0.unicodeScalars.map { String($0.value, radix: 16) }.joined(separator: " ") + "\"" } ?? "nil"
        }
        func number(_ value: Double?) -> String { value.map { String($0.bitPattern, radix: 16) } ?? "nil" }
        let why = entry.why.map { reason in
            let value: String
            switch reason.value {
            case .number(let n)?: value = "number " + number(n)
            case .text(let t)?: value = "text " + text(t)
            case nil: value = "nil"
            }
            return "kind \(text(reason.kind.rawValue)) value \(value) neighbour \(text(reason.neighbour)) note \(text(reason.note))"
        } ?? "nil"
        return [
            "id \(text(entry.id))", "revision \(entry.revision)", "instruction \(text(entry.instruction))",
            "status \(entry.status)", "why \(why)", "isClassification \(String(describing: entry.isClassification))",
            "round \(String(describing: entry.round))", "instanceCount \(entry.instanceCount)",
            "instancesWhy \(text(entry.instancesWhy))",
            "dropped \(entry.droppedInstances.sorted { $0.key < $1.key }.map { "\(text($0.key))=\($0.value)" })",
            "nearest \(number(entry.nearestSimilarity))", "avg \(number(entry.avgSimilarityScore))",
            "content \(entry.contentRevision)",
        ].joined(separator: "; ")
    }

    /// Records covering every status, reason kind and optional member, with awkward text.
    private static func recordsOfEveryShape() -> [PoolRecord] {
        let texts = [
            "Plain text.", #"Quotes " and \ backslashes \\ and / slashes"#, "Tabs\tnew\nlines\r and \u{1} \u{1F} controls",
            "Café, naïve, 漢字, 😀, 👩‍👩‍👧 and \u{FFFD}", "",
        ]
        let reasons: [StatusReason?] = [
            nil, .similarity(0.7, to: texts[3]), .similarity(-0.0, to: ""), .keyword("image"), .length(words: 3),
            StatusReason(kind: .prefix, value: .text("Write a program")), StatusReason(kind: .punctuation, value: .text("\"")),
            StatusReason(kind: .nonASCII, value: .text("漢")), StatusReason(kind: .cutOff), .human(), .human(note: texts[2]),
            .imported(format: "alpaca"), StatusReason(kind: StatusReason.Kind(rawValue: "new_filter"), value: .number(1e-5), note: ""),
        ]
        let instanceReasons: [InstanceReasons?] = [
            nil, InstanceReasons(), InstanceReasons(task: InstanceReasons.Reason(name: "none-parsed", detail: texts[1])),
            InstanceReasons(dropped: [
                InstanceReasons.Dropped(input: texts[3], output: "", reason: InstanceReasons.Reason(name: "duplicate", detail: "d")),
                InstanceReasons.Dropped(input: "", output: texts[2], reason: InstanceReasons.Reason(name: "duplicate", detail: "")),
                InstanceReasons.Dropped(input: "i", output: "o", reason: InstanceReasons.Reason(name: "empty-output", detail: "e")),
            ]),
            PoolFormatTests.reasons,
        ]
        let scores: [Double] = [0.7, 1e-5, -0.0, 3, 0.49999999999999994, 0.1 + 0.2, 1e300, 0]
        var records: [PoolRecord] = []
        for (index, why) in reasons.enumerated() {
            for status in RecordStatus.allCases {
                let n = records.count
                var record = PoolRecord(
                    id: "r\(n)-\(texts[n % texts.count])", instruction: texts[(n + 1) % texts.count] + " \(n)",
                    instances: n % 3 == 0 ? [] : (0..<(n % 4)).map { Instance(input: texts[$0 % texts.count], output: "o\($0)", status: $0 == 1 ? .rejected : nil) },
                    instancesWhy: instanceReasons[n % instanceReasons.count],
                    isClassification: [true, false, nil][n % 3], status: status, why: why,
                    mostSimilar: (0..<(index % 4)).map { SimilarInstruction(text: texts[($0 + n) % texts.count] + "\($0)", score: scores[($0 + n) % scores.count]) },
                    avgSimilarityScore: n % 5 == 0 ? nil : scores[n % scores.count], round: n % 2 == 0 ? nil : n,
                    name: n % 7 == 0 ? "named" : nil)
                if n % 6 == 0 {
                    record.provenance = Provenance(
                        instructionGeneration: ModelCall(prompt: texts[1], rawCompletion: texts[3]),
                        importedFrom: ImportSource(file: "seed_tasks.jsonl", position: n, format: "upstream"),
                        upstreamMetadata: .object([("k", .array([.number("1"), .null, .bool(true), .string(texts[2])]))]))
                }
                if n % 4 == 1 {
                    record.edits = [Edit(field: "instruction", before: .string(texts[3]), after: .string("x"), at: Date(timeIntervalSince1970: 1_700_000_000))]
                }
                records.append(record)
            }
        }
        return records
    }
}
