import Foundation
import Pool
import TestSupport
import Testing
import VerbNoun
@testable import Workbench

/// `:report DIR` in the workbench: the card with the verb–noun chart (the analysis runs
/// first when it has not), the figures and the data on disk, and a question before files
/// already in the folder are replaced. `StandInParser` parses (verb: first word, noun: third).
@Suite("Workbench :report")
struct ReportWorkbenchTests {
    @Test func reportRunsTheAnalysisThenWritesTheCardFiguresAndDataAndAsksBeforeReplacing() async throws {
        try await withTemporaryFolder { folder in
            let backend = try Fixture.openBackend(try Fixture.makePool(in: folder))
            var harness = await Harness(backend: backend, verbNounSource: .process(StandInParser.launch(log: folder.file("parser.log"))))
            let out = folder.file("card")
            await harness.press("1a")  // accept r1-0, the first pending record
            await harness.press(":report \(out.path){enter}")
            #expect(harness.commands.contains { if case .analyzeVerbs = $0 { true } else { false } }, "the chart needs the analysis")
            #expect(harness.state.message?.text.hasPrefix("report in \(out.path): data.jsonl, README.md, lengths.svg, seed-similarity.svg, verb-noun.svg") == true,
                    "\(harness.state.message?.text ?? "")")

            let card = try String(contentsOf: out.appendingPathComponent("README.md"), encoding: .utf8)
            #expect(card.contains("| tasks | 2 | 2 | 1 | 2 | 7 |"), "seed, pending, accepted, rejected, total")
            #expect(card.contains("ROUGE-L F > 0.7") && card.contains("| Rounds | 1 |"))
            // Write poem, Classify sentiment, Write haiku: three distinct seed and accepted instructions, all with a pair.
            #expect(card.contains("3 of 3 distinct seed and accepted instructions (100.0%) have one"), "\(card)")
            let chart = try String(contentsOf: out.appendingPathComponent("verb-noun.svg"), encoding: .utf8)
            #expect(chart.contains("<title>write: 2</title>") && chart.contains("<title>write haiku: 1</title>"))
            let data = try String(contentsOf: out.appendingPathComponent("data.jsonl"), encoding: .utf8)
            #expect(data.split(separator: "\n").count == 3, "the seeds' three instances; the accepted task has none yet")
            #expect(harness.state.message?.text.contains("press I") == true, "the accepted task left out of the data, and what to do")

            // Again: the person is asked; n keeps what is there, y replaces it.
            try "mine".write(to: out.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)
            await harness.press(":report \(out.path){enter}")
            #expect(harness.state.confirmation?.question.hasPrefix("replace data.jsonl, README.md, lengths.svg, seed-similarity.svg, verb-noun.svg in") == true)
            await harness.press("n")
            #expect(try String(contentsOf: out.appendingPathComponent("README.md"), encoding: .utf8) == "mine")
            await harness.press(":report \(out.path){enter}y")
            #expect(try String(contentsOf: out.appendingPathComponent("README.md"), encoding: .utf8).hasPrefix("---\n"))
            #expect(harness.commands.count { if case .analyzeVerbs = $0 { true } else { false } } == 1, "the fresh analysis is reused")
            await backend.shutDown()
        }
    }

    @Test func aFailedAnalysisStillWritesTheCardWhichSaysTheChartIsMissing() async throws {
        try await withTemporaryFolder { folder in
            let backend = try Fixture.openBackend(try Fixture.makePool(in: folder))
            let broken = ParserLaunch(executable: URL(fileURLWithPath: "/nonexistent/python"), arguments: [], tag: "broken", log: folder.file("parser.log"))
            var harness = await Harness(backend: backend, verbNounSource: .process(broken))
            let out = folder.file("card")
            await harness.press(":report \(out.path) alpaca{enter}")
            let card = try String(contentsOf: out.appendingPathComponent("README.md"), encoding: .utf8)
            #expect(card.contains("The verb–noun analysis was not run"))
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("data.json").path))
            #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("verb-noun.svg").path))
            await backend.shutDown()
        }
    }

    @Test func reportParsesItsFolderAndFormat() throws {
        #expect(try ColonCommand.parse("report out") == .report(path: "out", format: .instances))
        #expect(try ColonCommand.parse("report out sharegpt") == .report(path: "out", format: .sharegpt))
        #expect(throws: WorkbenchError.self) { try ColonCommand.parse("report") }
        #expect(throws: WorkbenchError.self) { try ColonCommand.parse("report out nonsense") }
    }
}
