import Evaluation
import Testing

@Suite struct AgreementTests {
    /// Ten responses graded by two raters; agreed on seven (3 A, 2 B, 1 C, 1 D).
    static let pairs: [(Grade, Grade)] = [
        (.a, .a), (.a, .a), (.a, .a), (.b, .b), (.b, .b), (.a, .b), (.c, .c), (.c, .d), (.d, .d), (.b, .c),
    ]

    @Test func kappaOnTheFourGradesIsTheHandComputedValue() throws {
        // pₒ = 7/10; rater 1 gave A4 B3 C2 D1, rater 2 A3 B3 C2 D2, so
        // pₑ = (4·3 + 3·3 + 2·2 + 1·2)/100 = 0.27 and κ = 0.43/0.73.
        let kappa = try #require(CohensKappa.kappa(Self.pairs))
        #expect(abs(kappa - 0.43 / 0.73) < 1e-12)
    }

    @Test func kappaOnAcceptableOrNotIsTheHandComputedValue() throws {
        // Acceptable: rater 1 7/10, rater 2 6/10; they differ on one (B against C), so
        // pₒ = 0.9, pₑ = 0.7·0.6 + 0.3·0.4 = 0.54 and κ = 0.36/0.46.
        let kappa = try #require(CohensKappa.kappa(Self.pairs.map { ($0.isAcceptable, $1.isAcceptable) }))
        #expect(abs(kappa - 0.36 / 0.46) < 1e-12)
    }

    @Test func kappaIsUndefinedWithoutPairsOrWhenBothGaveOneGradeToEverything() {
        #expect(CohensKappa.kappa([(Grade, Grade)]()) == nil)
        #expect(CohensKappa.kappa([(Grade.a, Grade.a), (.a, .a)]) == nil)
        #expect(CohensKappa.kappa([(Grade.a, Grade.b), (.b, .a)]) == -1)
    }

    @Test func wilsonIntervalsAreTheHandComputedValues() {
        // 7 of 10: the textbook 95% Wilson interval 0.3968–0.8922.
        let seven = WilsonInterval(successes: 7, total: 10)
        #expect(seven.share == 0.7)
        #expect(abs(seven.lower - 0.396778147461145) < 1e-12)
        #expect(abs(seven.upper - 0.892208732593699) < 1e-12)
        // 0 of 10 keeps its lower end at 0 and reaches 0.2775 (the "rule of three" is 0.3).
        let none = WilsonInterval(successes: 0, total: 10)
        #expect(none.lower == 0)
        #expect(abs(none.upper - 0.277532799862889) < 1e-12)
        let all = WilsonInterval(successes: 10, total: 10)
        #expect(abs(all.lower - 0.722467200137111) < 1e-12)
        #expect(all.upper <= 1)
        let empty = WilsonInterval(successes: 0, total: 0)
        #expect([empty.share, empty.lower, empty.upper] == [0, 0, 1])
    }

    @Test func theRatingBookKeepsEachRatersLatestGradeAndForgetsAWithdrawnOne() {
        let records = [
            Rating(taskID: "t1", system: "x", rater: "ann", grade: .c, time: "1"),
            Rating(taskID: "t1", system: "x", rater: "ann", grade: .a, time: "2"),
            Rating(taskID: "t2", system: "x", rater: "ann", grade: .b, time: "3"),
            Rating(taskID: "t2", system: "x", rater: "ann", grade: nil, time: "4"),
            Rating(taskID: "t1", system: "x", rater: "bob", grade: .d, time: "5"),
        ]
        let book = RatingBook(records)
        #expect(book.counts(system: "x", rater: "ann") == [.a: 1])
        #expect(book.counts(system: "x") == [.a: 1, .d: 1])
        #expect(book.agreement.count == 1)
        #expect(book.agreement.first?.items == 1)
    }

    @Test func sharesPoolEveryRatersGradesAndCarryWilsonIntervals() throws {
        try withTemporaryEvaluation { folder in
            let ratings: [(String, String, Grade)] = [
                ("ann", "t1", .a), ("ann", "t2", .a), ("ann", "t3", .b), ("ann", "t4", .c), ("bob", "t1", .a), ("bob", "t2", .d),
            ]
            for (rater, task, grade) in ratings {
                try folder.add(rating: Rating(taskID: task, system: "x", rater: rater, grade: grade, time: "now"))
            }
            let summary = EvaluationSummary(try EvaluationFolder(path: folder.path, creating: false))
            let x = try #require(summary.systems.first)
            #expect(x.pooled == [.a: 3, .b: 1, .c: 1, .d: 1])
            #expect(x.byRater["bob"] == [.a: 1, .d: 1])
            let acceptable = x.share(of: [.a, .b])
            #expect(acceptable.share == 4.0 / 6.0)
            #expect(abs(acceptable.lower - 0.299993315138392) < 1e-12)
            #expect(abs(acceptable.upper - 0.903228588894220) < 1e-12)
            // ann and bob both rated t1 (A, A) and t2 (A, D).
            #expect(summary.agreement.first?.items == 2)
            #expect(summary.json["systems"]?["x"]?["ratings"] == .object(["A": .number(3), "B": .number(1), "C": .number(1), "D": .number(1)]))
        }
    }
}
