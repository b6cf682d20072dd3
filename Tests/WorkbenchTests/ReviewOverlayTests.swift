import Foundation
import Pool
import Similarity
import TestSupport
import Terminal
import Testing
@testable import Workbench

/// Records and texts for the review overlays' tests and snapshots.
enum ReviewFixture {
    /// r1-0 of the fixture pool with a history: a hostile first text rewritten, accepted,
    /// and the acceptance undone.
    static let editedHaiku: PoolRecord = {
        var record = Fixture.records()[2]
        let start = Date(timeIntervalSince1970: 1_796_200_000)
        record.edits = [
            Edit(field: "instruction", before: .string("Write a \u{1B}[31mpoem\u{1B}[0m about rain."),
                 after: .string("Write a haiku about the first rain of autumn."), at: start),
            Edit(field: "status", before: .string("pending"), after: .string("accepted"), at: start + 60),
            Edit(field: "undo", before: .number("3"), after: .number("2"), at: start + 125),
        ]
        record.revision = 4
        return record
    }()

    /// Guidelines longer than an 80x24 screen, with an escape sequence to strip.
    static let guidelines = """
        # Curating this pool

        Accept an instruction when a person could act on it without guessing what is wanted.

        - Reject near-copies of seed tasks even below the similarity threshold.
        - Reject tasks that need images, audio or the web.\u{1B}]0;pwned\u{07}
        - Prefer a rewrite (e) to a rejection when one word fixes it.

        ## Instances

        An output must answer its input completely; a classification output is one of its labels.
        """ + (1...20).map { "\nLine \($0) of the appendix." }.joined()
}

@Suite("Workbench review overlays: side by side, history, guidelines")
struct ReviewOverlayTests {
    init() {
        setlocale(LC_ALL, "C.UTF-8")
    }

    /// A pool of the seeds and one pending record whose three neighbours carry their true
    /// ROUGE-L F, as the engine stores them.
    private func scoredPool(in folder: TemporaryFolder) throws -> URL {
        let text = "Write a short poem about the first snow of winter."
        let neighbours = ["Write a poem about the ocean.", "Write a short story about winter.", "Describe the first snow."]
            .map { SimilarInstruction(text: $0, score: RougeL.score(target: text, prediction: $0).fmeasure) }
            .sorted { $0.score > $1.score }
        let url = folder.file("pool.jsonl")
        let pool = try PoolFile(at: url)
        try pool.add(contentsOf: Array(Fixture.records().prefix(2)) + [
            PoolRecord(id: "r2-0", instruction: text, status: .pending, mostSimilar: neighbours, round: 2),
        ])
        try pool.close()
        return url
    }

    private func comparison(_ state: WorkbenchState) -> NeighbourComparison? {
        if case .comparison(let comparison)? = state.overlay { return comparison }
        return nil
    }

    private func page(_ state: WorkbenchState) -> ScrolledPage? {
        switch state.overlay {
        case .history(let page)?, .guidelines(let page)?: page
        default: nil
        }
    }

    private func screen(_ state: WorkbenchState) -> String {
        Workbench.render(state).lines().joined(separator: "\n")
    }

    @Test func dShowsTheStoredNeighboursOneByOneWithJAndKAndTheFTheyWereStoredWith() async throws {
        try await withTemporaryFolder { folder in
            let backend = try Fixture.openBackend(try scoredPool(in: folder))
            var harness = await Harness(backend: backend)
            await harness.press("d")
            let first = try #require(comparison(harness.state))
            #expect(first.recordID == "r2-0" && first.index == 0 && first.neighbours.count == 3)
            #expect(first.alignment.score.fmeasure == first.neighbour.score)
            #expect(screen(harness.state).contains("F \(ComparisonOverlay.decimal(first.neighbour.score)) (as stored)"))

            await harness.press("J")
            #expect(comparison(harness.state)?.index == 1)
            await harness.press("JJ")
            let last = try #require(comparison(harness.state))
            #expect(last.index == 2)
            #expect(harness.state.message?.text == "that is the last of 3 neighbours")
            #expect(last.alignment.score.fmeasure == last.neighbour.score)
            #expect(screen(harness.state).contains("F \(ComparisonOverlay.decimal(last.neighbour.score)) (as stored)"))
            #expect(screen(harness.state).contains("neighbour 3 of 3"))

            await harness.press("K")
            #expect(comparison(harness.state)?.index == 1)
            await harness.press("{esc}")
            #expect(harness.state.overlay == nil)
            await backend.shutDown()
        }
    }

    @Test func theWordsTheLongestCommonSubsequenceCountedAreMarkedOnBothSides() async throws {
        try await withTemporaryFolder { folder in
            let backend = try Fixture.openBackend(try scoredPool(in: folder))
            var harness = await Harness(backend: backend)
            await harness.press("d")
            let shown = try #require(comparison(harness.state))
            #expect(shown.neighbour.text == "Write a poem about the ocean.")
            let grid = Workbench.render(harness.state)
            // Each marked word drawn once per side, in the marked style; the rest plain.
            func markedWords(inRowContaining text: String) -> [String] {
                guard let y = grid.lines().firstIndex(where: { $0.contains(text) }) else { return [] }
                var words: [String] = [], word = ""
                for x in 0..<grid.width {
                    if grid[x, y].style == ComparisonOverlay.matchedStyle {
                        word += grid[x, y].text
                    } else if !word.isEmpty {
                        words.append(word)
                        word = ""
                    }
                }
                return words
            }
            let common = ["Write", "a", "poem", "about", "the"]
            #expect(markedWords(inRowContaining: "first snow of winter") == common)
            #expect(markedWords(inRowContaining: "about the ocean") == common)
            await backend.shutDown()
        }
    }

    @Test func ctrlNInAnEditComparesTheEditedTextWithItsLiveNeighboursAndEscGoesBackToTheEdit() async throws {
        try await withTemporaryFolder { folder in
            let backend = try Fixture.openBackend(try Fixture.makePool(in: folder))
            var harness = await Harness(backend: backend)
            await harness.press("e{end} at dusk{ctrl-n}")
            let shown = try #require(comparison(harness.state))
            #expect(shown.isEdit && shown.text == "Write a haiku about the first rain of autumn. at dusk")
            #expect(shown.neighbours == harness.state.edit?.neighbours)
            #expect(shown.alignment.score.fmeasure == shown.neighbour.score)
            // Keys go to the overlay, not the editor, until it closes.
            await harness.press("J{esc}x")
            #expect(harness.state.overlay == nil)
            #expect(harness.state.edit?.editor.text == "Write a haiku about the first rain of autumn. at duskx")
            await backend.shutDown()
        }
    }

    @Test func dWithoutStoredNeighboursSaysSoAndOpensNothing() async throws {
        try await withTemporaryFolder { folder in
            let backend = try Fixture.openBackend(try Fixture.makePool(in: folder))
            var harness = await Harness(backend: backend)
            await harness.press("jd")
            #expect(harness.state.overlay == nil)
            #expect(harness.state.message?.text == "r1-1 has no neighbours stored: it was not scored against the pool")
            await backend.shutDown()
        }
    }

    @Test func hListsTheChangesNewestFirstWithTheInstructionAsAWordDiff() async throws {
        try await withTemporaryFolder { folder in
            let url = try Fixture.makePool(in: folder)
            let backend = try Fixture.openBackend(url)
            var harness = await Harness(backend: backend, timeZone: TimeZone(identifier: "UTC")!)
            await harness.press("e{ctrl-u}Write a haiku about the rain.{enter}")
            // Accepted, then back to it and the acceptance undone: the undo revision carries
            // the edits of the revision it restores, and itself.
            await harness.press("aku")
            #expect(harness.state.selectedRecordID == "r1-0")
            await harness.press("h")
            let history = try #require(page(harness.state))
            let texts = history.paragraphs.map { $0.map(\.text).joined() }
            try #require(texts.count == 5, "\(texts)")
            #expect(texts[0].hasSuffix(" · undo"))
            #expect(texts[1] == "back to revision 2 (undoing revision 3)")
            #expect(texts[3].hasSuffix(" · instruction"))
            #expect(texts[4] == "Write a haiku about the [-first rain of autumn.-] {+rain.+}")
            #expect(history.paragraphs[4].first { $0.text.hasPrefix("[-") }?.style == WordDiff.removedStyle)
            #expect(history.paragraphs[4].first { $0.text.hasPrefix("{+") }?.style == WordDiff.addedStyle)
            await harness.press("h")
            #expect(harness.state.overlay == nil)
            await backend.shutDown()
        }
    }

    @Test func aLongHistoryScrollsByLinesAndPagesAndStopsAtItsEnds() async throws {
        try await withTemporaryFolder { folder in
            var record = Fixture.records()[2]
            record.edits = (0..<40).map { Edit(field: "status", before: .string("pending"), after: .string("accepted"), at: Date(timeIntervalSince1970: Double($0) * 60)) }
            let backend = try Fixture.openBackend(try Fixture.makePool(in: folder, replacing: record))
            var harness = await Harness(backend: backend, size: Size(width: 80, height: 24))
            await harness.press("h")
            let lines = try #require(page(harness.state)).lines(width: Layout.reviewText(harness.state.size).width).count
            let height = Layout.reviewText(harness.state.size).height
            #expect(lines == 40 * 3 - 1)
            await harness.press("jj")
            #expect(page(harness.state)?.top == 2)
            await harness.press("k{pgdn}")
            #expect(page(harness.state)?.top == 1 + height - 1)
            await harness.press("G")
            #expect(page(harness.state)?.top == lines - height)
            await harness.press("j")
            #expect(page(harness.state)?.top == lines - height)
            await harness.press("{pgup}g")
            #expect(page(harness.state)?.top == 0)
            #expect(screen(harness.state).contains("lines 1–\(height) of \(lines)"))
            await backend.shutDown()
        }
    }

    @Test func guidelinesShowAtTheFirstStartOnlyUntilTheyChangeAndIShowsThemAgain() async throws {
        try await withTemporaryFolder { folder in
            let url = try Fixture.makePool(in: folder)
            try ReviewFixture.guidelines.write(to: folder.file("pool.guidelines.md"), atomically: true, encoding: .utf8)
            let poolBytes = try Data(contentsOf: url)

            var backend = try Fixture.openBackend(url)
            var harness = await Harness(backend: backend)
            let shown = try #require(page(harness.state))
            #expect(shown.paragraphs.first?.first?.text == "# Curating this pool")
            #expect(FileManager.default.fileExists(atPath: folder.file(".pool.seen-guidelines").path))
            await harness.press("{esc}")
            #expect(harness.state.overlay == nil)
            await backend.shutDown()

            backend = try Fixture.openBackend(url)
            harness = await Harness(backend: backend)
            #expect(harness.state.overlay == nil)
            await harness.press("L")
            #expect(page(harness.state)?.paragraphs == shown.paragraphs)
            await harness.press("L:guidelines{enter}")
            #expect(page(harness.state)?.paragraphs == shown.paragraphs)
            await backend.shutDown()

            try (ReviewFixture.guidelines + "\nA new rule.").write(to: folder.file("pool.guidelines.md"), atomically: true, encoding: .utf8)
            backend = try Fixture.openBackend(url)
            harness = await Harness(backend: backend)
            #expect(page(harness.state)?.paragraphs.last?.first?.text == "A new rule.")
            await backend.shutDown()
            // Nothing here writes the pool.
            #expect(try Data(contentsOf: url) == poolBytes)
        }
    }

    @Test func withoutGuidelinesIAndTheCommandSayWhereTheyLooked() async throws {
        try await withTemporaryFolder { folder in
            let backend = try Fixture.openBackend(try Fixture.makePool(in: folder))
            var harness = await Harness(backend: backend)
            #expect(harness.state.overlay == nil)
            let expected = "no guidelines for this pool: looked for \(folder.file("pool.guidelines.md").path) (write them there in Markdown)"
            await harness.press("L")
            #expect(harness.state.message?.text == expected)
            await harness.press(":guidelines{enter}")
            #expect(harness.state.message?.text == expected)
            #expect(harness.state.overlay == nil)
            await backend.shutDown()
        }
    }

    @Test func guidelinesThatCannotBeReadSaySoWithThePath() async throws {
        try await withTemporaryFolder { folder in
            let backend = try Fixture.openBackend(try Fixture.makePool(in: folder))
            // A folder where the file should be: it exists but cannot be read as text.
            try FileManager.default.createDirectory(at: folder.file("pool.guidelines.md"), withIntermediateDirectories: false)
            var harness = await Harness(backend: backend)
            await harness.press("L")
            #expect(harness.state.overlay == nil)
            #expect(harness.state.message?.isError == true)
            #expect(harness.state.message?.text.hasPrefix("the guidelines at \(folder.file("pool.guidelines.md").path) could not be read") == true)
            await backend.shutDown()
        }
    }

    @Test func theGuidelinesFileAndItsMarkerSitBesideThePoolNamedAfterIt() {
        let file = GuidelinesFile(poolPath: "/data/curation/alpaca.jsonl")
        #expect(file.url.path == "/data/curation/alpaca.guidelines.md")
        #expect(file.seenMarker.path == "/data/curation/.alpaca.seen-guidelines")
    }

    @Test func aWordDiffMarksRemovedAndAddedWordsAndKeepsTheCommonOnes() {
        let spans = WordDiff.spans(from: "Write a poem about the sea.", to: "Write a short poem about the sea today.")
        #expect(spans.map(\.text).joined() == "Write a {+short+} poem about the [-sea.-] {+sea today.+}")
        #expect(WordDiff.spans(from: "", to: "New text").map(\.text).joined() == "{+New text+}")
    }
}
