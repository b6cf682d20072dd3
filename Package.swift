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

        // The original seed tasks a new pool starts from, embedded in the binary.
        .target(name: "BundledSeeds", resources: [.embedInCode("seed_tasks.jsonl")]),

        // The `selfinstruct` command: the workbench and the headless subcommands.
        .executableTarget(
            name: "selfinstruct",
            dependencies: [
                "Similarity",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // Shared test helpers: locating ../shared, temporary folders, running the CLI.
        .target(name: "TestSupport", path: "Tests/TestSupport"),

        .testTarget(name: "SimilarityTests", dependencies: ["Similarity", "TestSupport"]),
        .testTarget(name: "BundledSeedsTests", dependencies: ["BundledSeeds"]),
    ]
)
