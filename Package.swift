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
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    ],
    targets: [
        // Tokenizer, exact ROUGE-L and the nearest-neighbour index: the method's hot path.
        .target(name: "Similarity"),

        // The `selfinstruct` command: the workbench and the headless subcommands.
        .executableTarget(
            name: "selfinstruct",
            dependencies: [
                "Similarity",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // ncursesw through a shim header; only Terminal imports it.
        .systemLibrary(
            name: "CNcursesw",
            pkgConfig: "ncursesw",
            providers: [.apt(["libncurses-dev"])]
        ),

        // The terminal layer: cell grid, display width, sanitiser, themes, keys, line
        // editor and the ncurses backend that flushes a grid.
        .target(
            name: "Terminal",
            dependencies: [
                "CNcursesw",
                .product(name: "TOMLKit", package: "TOMLKit"),
            ],
            resources: [
                .embedInCode("BuiltinThemes/dark.toml"),
                .embedInCode("BuiltinThemes/light.toml"),
                .embedInCode("BuiltinThemes/high-contrast.toml"),
                .embedInCode("BuiltinThemes/mono.toml"),
            ]
        ),

        // Full-frame render and diff-flush timings at 200x60.
        .executableTarget(name: "terminal-benchmark", dependencies: ["Terminal"], path: "Sources/TerminalBenchmark"),

        // Shared test helpers: locating ../shared, temporary folders, running the CLI.
        .target(name: "TestSupport", path: "Tests/TestSupport"),

        .testTarget(name: "SimilarityTests", dependencies: ["Similarity", "TestSupport"]),
        .testTarget(
            name: "TerminalTests",
            dependencies: ["Terminal", "CNcursesw", "TestSupport"],
            exclude: ["Snapshots"]
        ),
    ]
)
