import ArgumentParser

/// `selfinstruct rouge`: scores JSONL pairs with ROUGE-L, exactly as rouge-score does.
struct RougeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rouge",
        abstract: "Score JSONL pairs {\"a\": target, \"b\": prediction} with ROUGE-L."
    )

    func run() throws {}
}
