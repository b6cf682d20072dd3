// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "selfinstruct",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "selfinstruct", targets: ["selfinstruct"]),
        .executable(name: "llm-benchmark", targets: ["LLMBenchmark"]),
        .library(name: "LLM", targets: ["LLM"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
    ],
    targets: [
        // Tokenizer, exact ROUGE-L and the nearest-neighbour index: the method's hot path.
        .target(name: "Similarity"),

        // libcurl, with typed wrappers for its variadic setters (Swift cannot call those).
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),

        // The OpenAI-compatible client: libcurl's multi interface on its own thread, SSE,
        // retries, rate limits and token accounting. The only module that imports CCurl.
        .target(name: "LLM", dependencies: ["CCurl"]),

        // The `selfinstruct` command: the workbench and the headless subcommands.
        .executableTarget(
            name: "selfinstruct",
            dependencies: [
                "Similarity",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // `swift run -c release llm-benchmark`: the client's throughput and CPU cost against
        // a minimal local server (a child process) with a fixed latency.
        .executableTarget(
            name: "LLMBenchmark",
            dependencies: ["LLM"]
        ),

        // Shared test helpers: locating ../shared, temporary folders, running the CLI, and
        // the fake OpenAI-compatible server.
        .target(
            name: "TestSupport",
            dependencies: [.product(name: "FlyingFox", package: "FlyingFox")],
            path: "Tests/TestSupport"
        ),

        .testTarget(name: "SimilarityTests", dependencies: ["Similarity", "TestSupport"]),
        .testTarget(name: "LLMTests", dependencies: ["LLM", "TestSupport"]),
    ]
)
