import Foundation
import Engine
import Pool
import TestSupport
import Terminal
import Testing
@testable import Workbench

@Suite("Workbench reducer: key sequences against a real pool")
struct ReducerTests {
    private func open(_ url: URL) throws -> PoolCurationBackend {
        try Fixture.openBackend(url)
    }

    @Test func acceptRejectEditUndoLeaveExactlyThoseDecisionsInThePool() async throws {
        try await withTemporaryFolder { folder in
            let url = try Fixture.makePool(in: folder)
            let backend = try open(url)
            var harness = await Harness(backend: backend)
            #expect(harness.state.live.candidates.map(\.recordID) == ["r1-0", "r1-1", "r1-2"])

            await harness.press("ax")
            await harness.press("e{end} now{enter}")
            // The text fails the filters (two words, non-ASCII): the save asks; a accepts it anyway.
            #expect(harness.state.confirmation?.question.hasPrefix("this text fails") == true)
            await harness.press("a")
            #expect(harness.state.entry("r1-2")?.instruction == "用一句话总结这篇新闻文章的主要内容和观点。 now")
            #expect(harness.state.entry("r1-2")?.status == .accepted)
            await harness.press("u")
            await backend.shutDown()

            let pool = try PoolFile(at: url, access: .readOnly)
            #expect(pool.entry("r1-0")?.status == .accepted)
            #expect(pool.entry("r1-0")?.why == .human())
            #expect(pool.entry("r1-1")?.status == .rejected)
            #expect(pool.entry("r1-2")?.status == .pending)
            #expect(pool.entry("r1-2")?.instruction == "用一句话总结这篇新闻文章的主要内容和观点。")
            #expect(pool.entry("r1-2")?.revision == 3)
            #expect(harness.state.counts[.accepted] == 1 && harness.state.counts[.rejected] == 3)
        }
    }

    @Test func statsStayLiveAsRecordsChangeEvenBeforeTheFirstCountFinishes() throws {
        try withTemporaryFolder { folder in
            let pool = try PoolFile(at: try Fixture.makePool(in: folder))
            defer { try? pool.close() }
            let loaded = pool.entries
            var state = WorkbenchState(size: Size(width: 100, height: 30), poolName: "pool.jsonl")
            #expect(Workbench.update(&state, .entriesLoaded(loaded)).contains(.tallyPool(loaded, DefectCheck(), scoringSeeds: true)))
            _ = Workbench.update(&state, .key(.character("5")))
            #expect(state.stats == nil)

            // One decision lands while the first count runs, the rest after it.
            try pool.decide("r1-0", status: .accepted, why: .human())
            _ = Workbench.update(&state, .recordsChanged([try #require(pool.entry("r1-0"))], note: "accepted r1-0"))
            _ = Workbench.update(&state, .poolTallied(PoolTally(loaded), SeedSimilarity(loaded)))
            #expect(state.stats == PoolStats(pool))
            try pool.decide("r1-1", status: .rejected, why: .keyword("draw"))
            try pool.decide("r1-2", status: .accepted, why: .human())
            try pool.edit("r1-2", .instruction("Give three reasons to learn a second language."))
            _ = Workbench.update(&state, .curation(.recordsChanged([try #require(pool.entry("r1-1")), try #require(pool.entry("r1-2"))]), at: 1))
            #expect(state.stats == PoolStats(pool))
            #expect(state.stats?.leadingVerbs.contains { $0.label == "give" && $0.count == 1 } == true)
        }
    }

    @Test func inlineEditRescoresAgainstThePoolBeforeSaving() async throws {
        try await withTemporaryFolder { folder in
            let backend = try open(try Fixture.makePool(in: folder))
            var harness = await Harness(backend: backend)
            await harness.press("e")
            #expect(harness.state.edit?.neighbours.first?.text == "Write a poem about the ocean.")
            let before = harness.state.edit?.neighbours.first?.score ?? 0
            // Typing the neighbour's words raises its score at once.
            await harness.press("{end} Write a poem about the ocean")
            let after = try #require(harness.state.edit?.neighbours.first)
            #expect(after.text == "Write a poem about the ocean." && after.score > before)
            // Esc on a changed text asks before discarding it.
            await harness.press("{esc}")
            #expect(harness.state.confirmation?.question == "discard your changes to r1-0? (y/n)")
            await harness.press("y")
            #expect(harness.state.edit == nil)
            #expect(harness.state.entry("r1-0")?.revision == 1)
            await backend.shutDown()
        }
    }

    @Test func rescueInRejectionsAcceptsAsAPersonsOverride() async throws {
        try await withTemporaryFolder { folder in
            let url = try Fixture.makePool(in: folder)
            let backend = try open(url)
            var harness = await Harness(backend: backend)
            await harness.press("3")
            #expect(harness.state.rejections.groups.map(\.reason).sorted() == ["keyword", "similarity"])
            let keyword = try #require(harness.state.rejections.groups.firstIndex { $0.reason == "keyword" })
            for _ in 0..<keyword { await harness.press("j") }
            await harness.press("{tab}a")
            #expect(harness.state.confirmation?.question.contains("accept it anyway") == true)
            await harness.press("y")
            await backend.shutDown()
            let record = try PoolFile(at: url, access: .readOnly).record("r1-3")
            #expect(record.status == .accepted)
            #expect(record.why?.kind == .human)
            #expect(record.why?.note == "rescued: overrides keyword \"map\"")
        }
    }

    @Test func bulkActionOnTheFilterAsksFirst() async throws {
        try await withTemporaryFolder { folder in
            let url = try Fixture.makePool(in: folder)
            let backend = try open(url)
            var harness = await Harness(backend: backend)
            await harness.press(":filter status=pending{enter}")
            #expect(harness.state.view == PoolBrowser.view && harness.state.browser.rows.count == 3)
            await harness.press("A")
            #expect(harness.state.confirmation?.question == "accept 3 records matching status=pending? (y/n)")
            await harness.press("n")
            #expect(harness.state.counts[.pending] == 3)
            await harness.press("Ay")
            #expect(harness.state.counts[.pending] == nil || harness.state.counts[.pending] == 0)
            #expect(harness.state.browser.rows.isEmpty)
            await backend.shutDown()
            let pool = try PoolFile(at: url, access: .readOnly)
            #expect(pool.entries.filter { $0.status == .accepted }.map(\.id) == ["r1-0", "r1-1", "r1-2"])
        }
    }

    @Test func quitAsksWhileGenerationRunsAndSpacePauses() async throws {
        try await withTemporaryFolder { folder in
            let backend = ScriptedGenerationBackend(pool: try open(try Fixture.makePool(in: folder)))
            var harness = await Harness(backend: backend)
            await harness.send(.curation(.phase(.generating), at: 1))
            await harness.press("q")
            #expect(harness.state.confirmation != nil && !harness.state.hasQuit)
            await harness.press("n")
            #expect(harness.state.confirmation == nil && !harness.state.hasQuit)
            await harness.press(" ")
            await harness.send(.curation(.phase(.paused), at: 2))
            await harness.press(" ")
            #expect(await backend.pauseCalls == [true, false])
            await harness.send(.curation(.phase(.generating), at: 3))
            await harness.send(.key(.control("c")))
            await harness.press("y")
            #expect(harness.state.hasQuit)
            #expect(harness.commands.last == .quit)
        }
    }

    @Test func liveCandidatesFollowEngineReports() async throws {
        try await withTemporaryFolder { folder in
            let backend = try open(try Fixture.makePool(in: folder))
            var harness = await Harness(backend: backend)
            await harness.send(.curation(.roundStarted(round: 2, requests: 4), at: 1))
            await harness.send(.curation(.streamed(request: "instructions 2.0", delta: "9. Write a"), at: 1.5))
            await harness.send(.curation(.streamed(request: "instructions 2.0", delta: " limerick"), at: 1.6))
            await harness.send(.curation(.candidate(CandidateSummary(
                key: "2.0#9", recordID: nil, round: 2, instruction: "Write a limerick about cats.", status: .rejected,
                bestScore: 0.82, reason: StatusReason(kind: .similarity, value: .number(0.82)))), at: 2))
            await harness.send(.curation(.usage(promptTokens: 100, completionTokens: 50, cost: 0.01), at: 2))
            await harness.send(.curation(.usage(promptTokens: 200, completionTokens: 250, cost: 0.02), at: 6))
            #expect(harness.state.live.stream?.text == "9. Write a limerick")
            #expect(harness.state.live.candidates.last?.key == "2.0#9")
            #expect(harness.state.generation.tokensPerSecond == 50)
            #expect(harness.state.live.round?.number == 2)
            await backend.shutDown()
        }
    }

    @Test func commandLineReportsMistakesInWords() throws {
        #expect(throws: WorkbenchError.self) { try ColonCommand.parse("threshold 2") }
        #expect(try ColonCommand.parse("export openai-chat out.jsonl") == .export(.openAIChat, path: "out.jsonl"))
        guard case .filter(let filter) = try ColonCommand.parse("filter status=rejected reason=keyword round=3 class=no") else {
            Issue.record(":filter did not parse as a filter")
            return
        }
        #expect(filter.description == "status=rejected reason=keyword round=3 class=no")
        do {
            _ = try ColonCommand.parse("frobnicate")
            Issue.record("an unknown command parsed")
        } catch {
            #expect(error.description.contains(":export"))
        }
    }

    @Test func exportFromTheCommandLineWritesTheFile() async throws {
        try await withTemporaryFolder { folder in
            let backend = try open(try Fixture.makePool(in: folder))
            var harness = await Harness(backend: backend)
            let out = folder.file("out.jsonl").path
            await harness.press(":export openai-chat \(out){enter}")
            #expect(harness.state.message?.text.hasPrefix("exported 3 examples from 2 tasks") == true)
            #expect(try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n").count == 3)
            await backend.shutDown()
        }
    }
}

@Suite("Workbench Live view")
struct LiveViewTests {
    @Test func candidatesReportedBeforeThePoolLoadedStayListed() throws {
        try withTemporaryFolder { folder in
            let loaded = try PoolFile(at: try Fixture.makePool(in: folder), access: .readOnly).entries
            var state = WorkbenchState(size: Size(width: 100, height: 30), poolName: "pool.jsonl")
            let early = CandidateSummary(key: "2.0#0", recordID: "r2-0-0", round: 2, instruction: "Write a haiku about rain.", status: .pending)
            _ = Workbench.update(&state, .curation(.candidate(early), at: 1))
            _ = Workbench.update(&state, .entriesLoaded(loaded))
            #expect(state.live.candidates.map(\.recordID) == ["r1-0", "r1-1", "r1-2", "r2-0-0"])
            #expect(state.live.cursor.selection == 0)
        }
    }
}

@Suite("Workbench filter verdicts come from the engine's recipe")
struct VerdictTests {
    @Test(arguments: [(Recipe.selfInstruct(), "keywords ✓"), (Recipe.alpaca(), "keyword \"video\" ✗")])
    func theDetailPaneJudgesWithThePoolsRecipe(recipe: Recipe, expected: String) async throws {
        setlocale(LC_ALL, "C.UTF-8")
        try await withTemporaryFolder { folder in
            let url = folder.file("pool.jsonl")
            let pool = try PoolFile(at: url)
            try pool.add(contentsOf: [PoolRecord(id: "r1-0", instruction: "Make a short video script about the water cycle.", status: .pending, round: 1)])
            try pool.close()
            let backend = try Fixture.openBackend(url, recipe: recipe)
            let harness = await Harness(backend: backend, size: Size(width: 160, height: 48))
            let screen = Workbench.render(harness.state).lines().joined(separator: "\n")
            #expect(screen.contains("Filters: words 9 ✓ · \(expected)"))
            await backend.shutDown()
        }
    }
}

@Suite("Workbench reducer over an in-memory pool")
struct InMemoryReducerTests {
    @Test func aFailedDecisionLeavesNothingToUndo() async throws {
        let backend = InMemoryCuration(Fixture.records())
        var harness = await Harness(backend: backend)
        await backend.failDecisions(WorkbenchError("no space left on device"))
        await harness.press("a")
        #expect(harness.state.message?.isError == true && harness.state.message?.text.contains("no space left on device") == true)
        await harness.press("u")
        #expect(harness.state.message?.text == "nothing to undo")
        #expect(await backend.current("r1-0")?.status == .pending)

        await backend.failDecisions(nil)
        await harness.press("a")
        #expect(await backend.current("r1-1")?.status == .accepted)
        await harness.press("u")
        #expect(harness.state.message?.text == "undone: accept r1-1")
        #expect(await backend.current("r1-1")?.status == .pending)
        await harness.press("u")
        #expect(harness.state.message?.text == "nothing to undo")
    }

    @Test func aCancelledBulkActionLeavesNothingToUndoAndAConfirmedOneUndoesWhole() async throws {
        let backend = InMemoryCuration(Fixture.records())
        var harness = await Harness(backend: backend)
        await harness.press(":filter status=pending{enter}An")
        await harness.press("u")
        #expect(harness.state.message?.text == "nothing to undo")
        await harness.press("Ay")
        #expect(await backend.current("r1-2")?.status == .accepted)
        await harness.press("u")
        #expect(harness.state.message?.text == "undone: accept 3 records")
        for id in ["r1-0", "r1-1", "r1-2"] { #expect(await backend.current(id)?.status == .pending) }
        await harness.press("{ctrl-r}")
        #expect(harness.state.message?.text == "redone: accept 3 records")
        for id in ["r1-0", "r1-1", "r1-2"] { #expect(await backend.current(id)?.status == .accepted) }
    }

    @Test func aRecordThatCannotBeReadIsSaidOnceNotAskedForAgainAndAgain() async throws {
        let backend = InMemoryCuration(Fixture.records())
        await backend.makeUnreadable(["r1-1"])
        var harness = await Harness(backend: backend)
        await harness.press("j")
        #expect(harness.state.message?.text == "reading r1-1 failed: no record r1-1 in memory")
        let loads = harness.commands.filter { $0 == .loadRecord("r1-1") }.count
        await harness.send(.curation(.inFlight(1), at: 1))
        await harness.send(.curation(.inFlight(0), at: 2))
        #expect(harness.commands.filter { $0 == .loadRecord("r1-1") }.count == loads)
        await harness.press("jk")
        #expect(harness.commands.filter { $0 == .loadRecord("r1-1") }.count == loads + 1)
    }
}
