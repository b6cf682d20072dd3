// swift-tools-version: 6.1
import PackageDescription

// The benchmarks, a package of their own as swift-collections keeps them, so that the
// product's manifest stays about the product: one `benchmark` executable with a
// subcommand per figure set (`swift run -c release --package-path Benchmarks benchmark --help`).
let package = Package(
    name: "selfinstruct-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "selfinstruct", path: ".."),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // Similarity, pool, workbench, engine, client, terminal and verb–noun figures, the soak run
        // against a failing server, and that server (a child process of the benchmark).
        .executableTarget(
            name: "benchmark",
            dependencies: [
                .product(name: "Similarity", package: "selfinstruct"),
                .product(name: "JSONLines", package: "selfinstruct"),
                .product(name: "Pool", package: "selfinstruct"),
                .product(name: "LLM", package: "selfinstruct"),
                .product(name: "Engine", package: "selfinstruct"),
                .product(name: "Terminal", package: "selfinstruct"),
                .product(name: "Workbench", package: "selfinstruct"),
                .product(name: "VerbNoun", package: "selfinstruct"),
                .product(name: "DatasetCard", package: "selfinstruct"),
                .product(name: "ChildProcesses", package: "selfinstruct"),
                .product(name: "DurableFiles", package: "selfinstruct"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // The benchmark server's answers and fault schedule, which the soak figures rest on.
        .testTarget(name: "BenchmarkTests", dependencies: ["benchmark"]),
    ]
)
