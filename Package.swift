// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "selfinstruct",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "selfinstruct", targets: ["selfinstruct"]),
        .executable(name: "pool-benchmark", targets: ["pool-benchmark"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // Tokenizer, exact ROUGE-L and the nearest-neighbour index: the method's hot path.
        .target(name: "Similarity"),

        // The JSONL pool: durable records and revisions, upstream formats in, fine-tuning data out.
        .target(name: "Pool"),

        // The `selfinstruct` command: the workbench and the headless subcommands.
        .executableTarget(
            name: "selfinstruct",
            dependencies: [
                "Similarity",
                "Pool",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // Shared test helpers: locating ../shared, temporary folders, running the CLI.
        .target(name: "TestSupport", path: "Tests/TestSupport"),

        // Open, append, compact and memory figures for a 100K-record pool (`swift run -c release pool-benchmark`).
        .executableTarget(name: "pool-benchmark", dependencies: ["Pool"], path: "Sources/PoolBenchmark"),

        // A child process for the pool's crash test: appends and acknowledges until it is killed.
        .executableTarget(name: "pool-crash-probe", dependencies: ["Pool"], path: "Tests/PoolCrashProbe"),

        .testTarget(name: "SimilarityTests", dependencies: ["Similarity", "TestSupport"]),
        .testTarget(name: "PoolTests", dependencies: ["Pool", "TestSupport", "pool-crash-probe"]),
    ]
)
