import Engine
import Foundation
import Pool
import Similarity
import TestSupport
import Terminal
import Testing
@testable import Workbench

/// Curation a person can trust: a saved edit carries its own score and verdict, rescues are
/// deliberate, keys never act unseen, decisions move on to the next pending record, and
/// filters match what they say. Each test reads the pool file back.
@Suite("Workbench curation trust: edits re-scored, deliberate rescues, filters that say what they match")
struct CurationTrustTests {
    private static let haiku = "Write a haiku about the first rain of autumn."

    init() {
        setlocale(LC_ALL, "C.UTF-8")  // the frames drawn here hold · and ✗
    }

    /// Runs `body` on a harness over the fixture pool, then returns the pool as written.
    private func session(size: Size = Size(width: 100, height: 30), _ body: (inout Harness) async throws -> Void) async throws -> PoolFile {
        try await withTemporaryFolder { folder in
            let url = try Fixture.makePool(in: folder)
            let backend = try Fixture.openBackend(url)
            var harness = await Harness(backend: backend, size: size)
            try await body(&harness)
            await backend.shutDown()
            return try PoolFile(at: url, access: .readOnly)
        }
    }

    /// The mean ROUGE-L F of `text` over the fixture's seeds and the accepted haiku.
    private func expectedMean(of text: String) -> Double {
        let compared = Fixture.records().filter { $0.status == .seed }.map(\.instruction) + [Self.haiku]
        return compared.map { RougeL.score(target: text, prediction: $0).fmeasure }.reduce(0, +) / Double(compared.count)
    }

    @Test func anEditIntoACopyOfAnAcceptedRecordIsAskedAboutAndSavedRejectedWithItsNewScore() async throws {
        var question: String?
        let pool = try await session { harness in
            await harness.press("a")  // accepts r1-0, the haiku; the cursor goes on to r1-1
            #expect(harness.state.selectedRecordID == "r1-1")
            await harness.press("e{ctrl-u}\(Self.haiku){enter}")
            question = harness.state.confirmation?.question
            await harness.press("y")
            #expect(harness.state.edit == nil)
        }
        #expect(question?.hasPrefix("this text fails similar") == true)
        let record = try pool.record("r1-1")
        #expect(record.instruction == Self.haiku)
        #expect(record.status == .rejected)
        #expect(record.why == .similarity(1.0, to: Self.haiku))
        #expect(record.mostSimilar.first == SimilarInstruction(text: Self.haiku, score: 1.0))
        #expect(abs((record.avgSimilarityScore ?? -1) - expectedMean(of: Self.haiku)) < 1e-9)
        #expect(pool.entries.filter { $0.status == .accepted }.map(\.id) == ["r1-0"], "two identical records are never both accepted")
    }

    @Test func acceptingAnEditAnywayIsRecordedAsAnOverrideWithTheNewScore() async throws {
        let pool = try await session { harness in
            await harness.press("a")
            await harness.press("e{ctrl-u}\(Self.haiku){enter}a")
        }
        let record = try pool.record("r1-1")
        #expect(record.status == .accepted)
        #expect(record.why?.kind == .human)
        #expect(record.why?.note?.hasPrefix("accepted anyway: overrides similarity") == true)
        #expect(record.nearestSimilarity == 1.0)
    }

    @Test func noGoesOnEditingAndEscapeLeavesThePoolAsItWas() async throws {
        let pool = try await session { harness in
            await harness.press("a")
            await harness.press("e{ctrl-u}\(Self.haiku){enter}n")
            #expect(harness.state.confirmation == nil)
            #expect(harness.state.edit?.editor.text == Self.haiku, "n goes back to the editor with the text")
            await harness.press("{esc}n")
            #expect(harness.state.edit?.editor.text == Self.haiku, "n keeps the changed text in the editor")
            await harness.press("{esc}y")
            #expect(harness.state.edit == nil)
        }
        #expect(try pool.record("r1-1").revision == 1)
        #expect(try pool.record("r1-1").instruction == "Explain why the sky looks blue during the day.")
    }

    @Test func anExternalEditThatFailsAFilterIsSavedRejectedAndRRescuesIt() async throws {
        var said: String?
        let pool = try await session { harness in
            await harness.press("a")
            let request = EditorRequest(recordID: "r1-1", target: .instruction, text: "Explain why the sky looks blue during the day.")
            await harness.send(.editorFinished(request, text: Self.haiku + "\n"))
            said = harness.state.message?.text
            #expect(harness.state.entry("r1-1")?.status == .rejected)
            #expect(harness.state.selectedRecordID == "r1-1")
            await harness.press("R")
        }
        #expect(said?.contains("now rejected: similar") == true && said?.contains("R accepts it anyway") == true)
        let record = try pool.record("r1-1")
        #expect(record.status == .accepted)
        #expect(record.why?.note?.hasPrefix("rescued: overrides similarity 1") == true)
        #expect(record.revision == 3)
    }

    @Test func anEditThatClearsAFilterRejectionMakesTheRecordPendingAgain() async throws {
        let pool = try await session { harness in
            await harness.press(":filter reason=keyword{enter}")
            #expect(harness.state.selectedRecordID == "r1-3")
            await harness.press("e{ctrl-u}Describe the layout of a city centre you know well.{enter}")
            #expect(harness.state.message?.text.contains("pending again") == true)
        }
        let record = try pool.record("r1-3")
        #expect(record.status == .pending)
        #expect(record.why?.kind == .human)
        #expect(record.mostSimilar.isEmpty == false && record.avgSimilarityScore != nil)
    }

    @Test func aRescueWithAAsksFirstAndNoLeavesTheRejectionOnDisk() async throws {
        var question: String?
        let pool = try await session { harness in
            await harness.press(":filter reason=similarity{enter}")
            #expect(harness.state.selectedRecordID == "r1-4")
            await harness.press("a")
            question = harness.state.confirmation?.question
            await harness.press("n")
        }
        #expect(question?.contains("was rejected by the filters (similarity") == true)
        #expect(try pool.record("r1-4").status == .rejected)
        #expect(try pool.record("r1-4").revision == 1)
    }

    @Test func onTheTooSmallScreenOnlyQuitActsAndAResizeBringsTheKeysBack() async throws {
        var commandsWhileSmall: [WorkbenchCommand] = []
        let pool = try await session(size: Size(width: 60, height: 20)) { harness in
            let before = harness.commands.count
            await harness.press("xae:R]u")
            commandsWhileSmall = Array(harness.commands[before...])
            #expect(harness.state.edit == nil && harness.state.prompt == nil && harness.state.confirmation == nil)
            await harness.send(.resized(Size(width: 100, height: 30)))
            await harness.press("x")
        }
        #expect(commandsWhileSmall.isEmpty)
        #expect(pool.entries.filter { $0.revision > 1 }.map(\.id) == ["r1-0"], "only the x after the resize decided")
        #expect(try pool.record("r1-0").status == .rejected)
    }

    @Test func qQuitsFromTheTooSmallScreen() async throws {
        _ = try await session(size: Size(width: 40, height: 10)) { harness in
            await harness.press("q")
            #expect(harness.state.hasQuit)
        }
    }

    @Test func decisionsMoveToTheNextPendingRecordAndBracketsJumpBetweenThem() async throws {
        var afterAccept: String?, afterReject: String?, message: String?
        let pool = try await session { harness in
            await harness.press("2gjj")
            #expect(harness.state.selectedRecordID == "r1-0")
            await harness.press("]")
            #expect(harness.state.selectedRecordID == "r1-1")
            await harness.press("[[")
            #expect(harness.state.selectedRecordID == "r1-2", "[ wraps around to the last pending record")
            await harness.press("]]a")
            afterAccept = harness.state.selectedRecordID
            await harness.press("x")
            afterReject = harness.state.selectedRecordID
            await harness.press("]")
            message = harness.state.message?.text
        }
        #expect(afterAccept == "r1-2")
        #expect(afterReject == "r1-0", "the decision wrapped around to the one pending record left")
        #expect(message == "no other pending record in this view")
        #expect(try pool.record("r1-1").status == .accepted && pool.record("r1-2").status == .rejected)
    }

    @Test func filtersMatchWhatTheySayAndRefuseWhatTheyDoNotKnow() async throws {
        var listed: [String: [String]] = [:]
        var refusal: String?
        _ = try await session { harness in
            for filter in ["reason=similarity", "sim>0.6", "sim<0.5", "text~OCEAN", "round=1..2 status=rejected", "reason=non-ascii"] {
                await harness.press(":filter \(filter){enter}")
                listed[filter] = harness.state.browser.rows.map { harness.state.pool.entries[$0].id }
            }
            await harness.press(":filter reason=vague{enter}")
            refusal = harness.state.message?.text
        }
        #expect(listed["reason=similarity"] == ["r1-4"])
        #expect(listed["sim>0.6"] == ["r1-4"])
        #expect(listed["sim<0.5"] == ["r1-0"])
        #expect(listed["text~OCEAN"] == ["seed_task_0", "r1-4"])
        #expect(listed["round=1..2 status=rejected"] == ["r1-3", "r1-4"])
        #expect(listed["reason=non-ascii"] == [])
        #expect(refusal?.hasPrefix("reason is one of similarity, keyword") == true)
        #expect(throws: WorkbenchError.self) { try PoolFilter.parse(["round=5..3"]) }
        #expect(throws: WorkbenchError.self) { try PoolFilter.parse(["sim>2"]) }
    }

    @Test func aReasonFilterOnAFiltersKindMatchesOnlyRejections() throws {
        let filter = try PoolFilter.parse(["reason=similarity"])
        var record = PoolRecord(id: "a", instruction: "Write a poem about rain.", status: .rejected, why: .similarity(0.8, to: "x"))
        #expect(filter.matches(PoolEntry(summarizing: record, line: 1)))
        record.status = .accepted
        #expect(!filter.matches(PoolEntry(summarizing: record, line: 1)), "an accepted record is not 'rejected for similarity'")
        let human = try PoolFilter.parse(["reason=human"])
        record.why = .human(note: "rescued")
        #expect(human.matches(PoolEntry(summarizing: record, line: 1)))
    }

    @Test func theSearchNarrowsBulkDecisionsAndTheQuestionSaysHowMany() async throws {
        var question: String?
        let pool = try await session { harness in
            await harness.press("2/ocean{enter}A")
            question = harness.state.confirmation?.question
            await harness.press("y")
        }
        #expect(question == "accept 1 record matching all and /ocean? (y/n)")
        #expect(pool.entries.filter { $0.status == .accepted }.map(\.id) == ["r1-4"])
    }

    @Test func enterBeforeTheVerdictIsKnownWaitsForItThenAsks() async throws {
        var waiting: String?, question: String?
        let pool = try await session { harness in
            await harness.press("a")
            await harness.press("e{ctrl-u}")
            // Typing and Enter reach the reducer before any re-scoring comes back.
            var outstanding: [WorkbenchCommand] = []
            for key in Array(Self.haiku).map({ Key.character($0) }) + [.enter] {
                outstanding += Workbench.update(&harness.state, .key(key))
            }
            waiting = harness.state.message?.text
            #expect(harness.state.edit?.savesWhenJudged == true)
            #expect(!outstanding.contains { if case .reviseInstruction = $0 { true } else { false } })
            for command in outstanding {
                if let result = await harness.runner.perform(command) { await harness.send(result) }
            }
            question = harness.state.confirmation?.question
            await harness.press("y")
        }
        #expect(waiting == "checking the text against the filters before saving…")
        #expect(question?.hasPrefix("this text fails similar") == true)
        #expect(try pool.record("r1-1").status == .rejected)
    }

    @Test func rWithANumberRejectsForThePoolsReasonAndNWithANote() async throws {
        var question: String?
        let pool = try await session { harness in
            harness.state.rejectReasons = ["off topic", "harmful"]
            await harness.press("r")
            question = harness.state.reasonPicker?.question
            await harness.press("2")
            #expect(harness.state.selectedRecordID == "r1-1", "on to the next pending record")
            await harness.press("rn")
            await harness.press("the sky is not always blue{enter}")
            await harness.press("r{esc}")
            #expect(harness.state.message?.text == "cancelled: r1-2 was not rejected")
        }
        #expect(question == "reject r1-0 because: 1 off topic · 2 harmful · n a note · Esc cancel")
        #expect(try pool.record("r1-0").why == .human(reason: "harmful"))
        #expect(try pool.record("r1-0").status == .rejected)
        #expect(try pool.record("r1-1").why == .human(note: "the sky is not always blue"))
        #expect(try pool.record("r1-2").status == .pending)
    }

    @Test func aReasonFilterFindsWhatAPersonSaid() throws {
        let filter = try PoolFilter.parse(["why~VAGUE"])
        let vague = PoolRecord(id: "a", instruction: "Do the thing.", status: .rejected, why: .human(reason: "too vague"))
        let other = PoolRecord(id: "b", instruction: "Do the thing.", status: .rejected, why: .human(note: "unsafe"))
        #expect(filter.matches(PoolEntry(summarizing: vague, line: 1)))
        #expect(!filter.matches(PoolEntry(summarizing: other, line: 2)))
    }

    @Test func marksInThePoolViewAreWhatAAndXActOn() async throws {
        var question: String?, title: String?
        let pool = try await session { harness in
            await harness.press("2gjj")
            await harness.press("vjv")  // marks r1-0 and r1-2 (v moves down one)
            #expect(harness.state.browser.marks == ["r1-0", "r1-2"])
            title = Workbench.render(harness.state).lines().first { $0.contains("Pool ·") }
            await harness.press("A")
            question = harness.state.confirmation?.question
            await harness.press("y")
            #expect(harness.state.browser.marks.isEmpty, "decided records leave the marks")
        }
        #expect(question == "accept 2 marked records? (y/n)")
        #expect(title?.contains("2 marked") == true)
        #expect(pool.entries.filter { $0.status == .accepted }.map(\.id) == ["r1-0", "r1-2"])
        #expect(try pool.record("r1-1").status == .pending)
    }

    @Test func marksInRejectionsAreRescuedTogether() async throws {
        let pool = try await session { harness in
            await harness.press("3{tab}v")
            await harness.press("{tab}j{tab}v")
            #expect(harness.state.rejections.marks.count == 2)
            await harness.press("Ay")
        }
        #expect(pool.entries.filter { $0.status == .rejected }.isEmpty)
        #expect(try pool.record("r1-3").why?.note?.hasPrefix("rescued") == true)
    }

    @Test func theStatusBarCountsWhatThisSessionReviewedAndItsRate() async throws {
        _ = try await session { harness in
            harness.state.now = 10
            await harness.press("ax")
            #expect(harness.state.progress.description(at: 10) == "reviewed 2")
            #expect(harness.state.progress.description(at: 10 + 3600) == "reviewed 2 · 2/h")
            harness.state.message = nil  // the figures show once the last message is gone
            #expect(Workbench.render(harness.state).lines().last?.contains("reviewed 2") == true)
        }
    }

    @Test func anInstanceOutputIsEditedOverSeveralLinesAndKeepsItsLineBreaks() async throws {
        let task = PoolRecord(
            id: "a1", instruction: "List the steps of making tea.", instances: [Instance(input: "", output: "Boil water.\nAdd tea.")],
            status: .accepted)
        let backend = InMemoryCuration([task])
        var harness = await Harness(backend: backend)
        await harness.press("4{tab}e")
        #expect(harness.state.edit?.editor.multiline == true)
        await harness.press("{enter}Wait three minutes.{enter}")
        #expect(harness.state.edit != nil, "Enter breaks the line in an output")
        await harness.press("{alt-enter}")
        #expect(harness.state.edit == nil)
        #expect(await backend.current("a1")?.instances.first?.output == "Boil water.\nAdd tea.\nWait three minutes.\n")
    }
}

/// The Stats view's spending line: what the budget leaves and what an accepted instruction cost.
struct StatsSpendingTests {
    @Test func theBudgetLeftAndTheCostPerAcceptedInstructionComeFromThePoolsSpending() {
        var generation = GenerationStatus()
        generation.cost = 1.5
        generation.promptTokens = 100_000
        generation.completionTokens = 20_000
        let line = StatsView.spending(generation, budget: Budget(maxCost: 5, maxTokens: 1_000_000), accepted: 30)
        #expect(line == "budget: $3.50 of $5.00 left · 880000 of 1000000 tokens left · $0.0500 per accepted instruction")
        #expect(StatsView.spending(GenerationStatus(), budget: Budget(), accepted: 0) == "budget: none set ([budget] max_cost, max_tokens_total)")
    }
}
