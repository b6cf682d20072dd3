import Foundation
import SVGDrawing

extension DatasetCard {
    /// The verb–noun analysis of the paper's Figure 2: instructions parsed, those with a
    /// verb and a direct noun object, and the top verbs with their top nouns.
    public struct VerbNounFigures: Sendable {
        /// One verb: how many instructions it roots, and its most common nouns.
        public struct Verb: Sendable {
            /// The verb's lemma.
            public var verb: String
            /// Instructions whose verb–noun pair has this verb.
            public var count: Int
            /// Its most common nouns with their counts, most common first.
            public var nouns: [(noun: String, count: Int)]

            /// A verb of `count` instructions with `nouns`.
            public init(verb: String, count: Int, nouns: [(noun: String, count: Int)]) {
                self.verb = verb
                self.count = count
                self.nouns = nouns
            }
        }

        /// Instructions parsed.
        public var parsed: Int
        /// Of them, those with a verb–noun pair.
        public var withPair: Int
        /// The top verbs, most common first.
        public var verbs: [Verb]

        /// The figures from their parts.
        public init(parsed: Int, withPair: Int, verbs: [Verb]) {
            self.parsed = parsed
            self.withPair = withPair
            self.verbs = verbs
        }

        /// The sunburst of the verbs and their nouns, as shares of the pairs found.
        var svg: String {
            SunburstChart.svg(
                title: "Top verbs and their direct noun objects (\(withPair) of \(parsed) instructions)",
                segments: verbs.map { verb in
                    .init(label: verb.verb, count: verb.count, children: verb.nouns.map { .init(label: $0.noun, count: $0.count) })
                },
                total: withPair
            )
        }
    }

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
