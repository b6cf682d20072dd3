import Testing
@testable import Engine

@Suite struct DemonstrationSamplerTests {
    let seeds = (0..<175).map { Demonstration(id: "seed_task_\($0)", instruction: "Seed \($0)", isClassification: $0 % 7 == 0, origin: .seed) }
    let machine = (0..<1000).map { Demonstration(id: "m\($0)", instruction: "Machine \($0)", origin: .machine) }
    let sampler = DemonstrationSampler(recipe: .selfInstruct())

    func origins(_ demos: [Demonstration]) -> (seeds: Int, machine: Int) {
        (demos.filter { $0.origin == .seed }.count, demos.filter { $0.origin == .machine }.count)
    }

    @Test func firstRoundShowsEightSeeds() {
        var generator = SeededGenerator(seed: 42)
        let demos = sampler.sample(seeds: seeds, machine: [], using: &generator)
        #expect(origins(demos) == (8, 0))
    }

    @Test func oneMachineInstructionGivesSevenSeedsAndOneMachine() {
        var generator = SeededGenerator(seed: 42)
        let demos = sampler.sample(seeds: seeds, machine: Array(machine.prefix(1)), using: &generator)
        #expect(origins(demos) == (7, 1))
    }

    @Test func largerMachinePoolGivesSixSeedsAndTwoMachine() {
        var generator = SeededGenerator(seed: 42)
        let demos = sampler.sample(seeds: seeds, machine: machine, using: &generator)
        #expect(origins(demos) == (6, 2))
    }

    @Test func demonstrationsAreDistinctAndShuffledTogether() {
        var generator = SeededGenerator(seed: 7)
        var machineFirstSomewhere = false
        for _ in 0..<50 {
            let demos = sampler.sample(seeds: seeds, machine: machine, using: &generator)
            #expect(Set(demos.map(\.id)).count == 8)
            if demos.first?.origin == .machine { machineFirstSomewhere = true }
        }
        #expect(machineFirstSomewhere)
    }

    @Test func sameSeedAndStreamsGiveTheSameDemonstrations() {
        var a = SeededGenerator(seed: 42, streams: 3, 1)
        var b = SeededGenerator(seed: 42, streams: 3, 1)
        var c = SeededGenerator(seed: 42, streams: 3, 2)
        let first = sampler.sample(seeds: seeds, machine: machine, using: &a).map(\.id)
        #expect(first == sampler.sample(seeds: seeds, machine: machine, using: &b).map(\.id))
        #expect(first != sampler.sample(seeds: seeds, machine: machine, using: &c).map(\.id))
    }

    @Test func classificationOnlyRecipeSamplesOnlyClassificationSeeds() {
        let clf = DemonstrationSampler(recipe: .selfInstruct(classificationTasksOnly: true))
        var generator = SeededGenerator(seed: 1)
        let demos = clf.sample(seeds: seeds, machine: [], using: &generator)
        #expect(demos.count == 8 && demos.allSatisfy(\.isClassification))
    }

    @Test func alpacaTakesThreeSeedsAndNoMachineInstructions() {
        var generator = SeededGenerator(seed: 1)
        let demos = DemonstrationSampler(recipe: .alpaca()).sample(seeds: seeds, machine: machine, using: &generator)
        #expect(origins(demos) == (3, 0))
    }

    @Test func tooFewSeedsGiveAShorterPromptInsteadOfFailing() {
        var generator = SeededGenerator(seed: 1)
        let demos = sampler.sample(seeds: Array(seeds.prefix(5)), machine: [], using: &generator)
        #expect(demos.count == 5)
    }
}

@Suite struct SeededGeneratorTests {
    @Test func firstOutputsArePinnedSoRunsReproduceAcrossVersions() {
        var generator = SeededGenerator(seed: 42)
        let values = (0..<3).map { _ in generator.next() }
        #expect(values == Self.pinned)
    }

    /// Checked against an independent Python implementation of SplitMix64 + xoshiro256**.
    static let pinned: [UInt64] = [1546998764402558742, 6990951692964543102, 12544586762248559009]

    @Test func uniformStaysBelowItsBound() {
        var generator = SeededGenerator(seed: 9)
        for bound in [1, 2, 3, 7, 1000] {
            for _ in 0..<200 { #expect((0..<bound).contains(generator.uniform(below: bound))) }
        }
    }

    @Test func sampleIndicesAreDistinctAndCappedAtTheCount() {
        var generator = SeededGenerator(seed: 9)
        let picks = generator.sampleIndices(5, from: 10)
        #expect(Set(picks).count == 5 && picks.allSatisfy { (0..<10).contains($0) })
        #expect(Set(generator.sampleIndices(20, from: 4)) == [0, 1, 2, 3])
        #expect(generator.sampleIndices(2, from: 0).isEmpty)
    }
}
