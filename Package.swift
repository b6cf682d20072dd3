// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "selfinstruct",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "selfinstruct", targets: ["selfinstruct"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // Tokenizer, exact ROUGE-L and the nearest-neighbour index: the method's hot path.
        .target(name: "Similarity"),

        // Order-preserving JSON values and JSONL/JSON-array reading with file:line errors.
        .target(name: "JSONLines"),

        // The original seed tasks a new pool starts from, embedded in the binary.
        .target(name: "BundledSeeds", resources: [.embedInCode("seed_tasks.jsonl")]),

        // The `selfinstruct` command: the workbench and the headless subcommands.
        .executableTarget(
            name: "selfinstruct",
            dependencies: [
                "Similarity",
                "JSONLines",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // Figures for the similarity hot path (`swift run -c release similarity-benchmark`).
        .executableTarget(name: "similarity-benchmark", dependencies: ["Similarity", "JSONLines"], path: "Sources/SimilarityBenchmark"),

        // Shared test helpers: locating ../shared, temporary folders, running the CLI.
        .target(name: "TestSupport", path: "Tests/TestSupport"),

        .testTarget(name: "SimilarityTests", dependencies: ["Similarity", "JSONLines", "TestSupport"]),
        .testTarget(name: "JSONLinesTests", dependencies: ["JSONLines"]),
        .testTarget(name: "CommandTests", dependencies: ["JSONLines", "TestSupport"]),
        .testTarget(
            name: "BundledSeedsTests", dependencies: ["BundledSeeds", "Similarity", "JSONLines", "TestSupport"]),
    ]
)
