import Foundation
import SVGDrawing
import VerbNoun

extension DatasetCard {
    /// The paper's Table 2 for this pool: per question the share of yes answers with its
    /// 95% Wilson interval, and the agreement between two reviewers where there were two.
    public struct ReviewTable: Sendable {
        /// One question's result.
        public struct Row: Sendable {
            /// The question, as asked.
            public var question: String
            /// Items answered yes.
            public var yes: Int
            /// Items answered.
            public var answered: Int
            /// The 95% Wilson interval of the share of yes.
            public var interval: (lower: Double, upper: Double)
            /// Cohen's kappa between the two reviewers; nil with one reviewer.
            public var kappa: Double?

            /// A row of `yes` of `answered` answers to `question`.
            public init(question: String, yes: Int, answered: Int, interval: (lower: Double, upper: Double), kappa: Double?) {
                self.question = question
                self.yes = yes
                self.answered = answered
                self.interval = interval
                self.kappa = kappa
            }
        }

        /// The reviewers, by name.
        public var reviewers: [String]
        /// Items in the sample.
        public var sampleSize: Int
        /// The three questions and "all fields valid", in the paper's order.
        public var rows: [Row]

        /// The table from its parts.
        public init(reviewers: [String], sampleSize: Int, rows: [Row]) {
            self.reviewers = reviewers
            self.sampleSize = sampleSize
            self.rows = rows
        }
    }
}

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
