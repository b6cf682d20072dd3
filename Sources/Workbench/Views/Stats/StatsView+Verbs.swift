import Terminal

/// The Stats view's verb–noun page (`v`): the paper's Figure 2 for the pool.
extension StatsView {
    /// The key that shows the chart, for the help.
    static let verbChartKey = KeyHelp("v", "verb–noun chart (parses with spaCy, installed on first use) / back")

    /// Shows or hides the chart; showing it analyzes the pool when it has no result yet or
    /// records changed since.
    mutating func toggleVerbChart(_ context: inout WorkbenchContext) -> [WorkbenchCommand] {
        showsVerbChart.toggle()
        guard showsVerbChart, context.verbNouns.result == nil || context.verbNouns.isStale else { return [] }
        return context.analyzeVerbs()
    }
}
