import SVGDrawing
import VerbNoun

extension VerbNounSummary {
    /// The sunburst of the verbs and their nouns, as shares of the instructions with a pair.
    var svg: String {
        SunburstChart.svg(
            title: "Top verbs and their direct noun objects (\(structuredCount) of \(instructionCount) instructions)",
            segments: verbs.map { verb in
                .init(label: verb.verb, count: verb.count, children: verb.nouns.map { .init(label: $0.noun, count: $0.count) })
            },
            total: structuredCount
        )
    }
}
