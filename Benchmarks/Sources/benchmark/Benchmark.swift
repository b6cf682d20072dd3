import ArgumentParser

/// The benchmarks: one executable, a subcommand per figure set. Each prints its figures
/// beside their goals; none asserts a time (the machine is shared, so figures are ranges).
@main
struct Benchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "benchmark",
        abstract: "Figures for selfinstruct's hot paths, its memory over long runs, and its behaviour against a failing server.",
        discussion: "Build in release: swift run -c release --package-path Benchmarks benchmark SUBCOMMAND",
        subcommands: [
            SimilarityBenchmark.self, ScaleBenchmark.self, PoolBenchmark.self, WorkbenchBenchmark.self, EngineBenchmark.self,
            LLMBenchmark.self, TerminalBenchmark.self, SoakBenchmark.self, VerbNounBenchmark.self, ReportBenchmark.self,
            ServeCommand.self,
        ]
    )
}
