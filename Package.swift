// swift-tools-version: 6.1
import PackageDescription

// The benchmarks are a package of their own (Benchmarks/, depending on this one), so this
// manifest stays about the product; the libraries are products for them.
let package = Package(
    name: "selfinstruct",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "selfinstruct", targets: ["selfinstruct"]),
        .library(name: "Similarity", targets: ["Similarity"]),
        .library(name: "JSONLines", targets: ["JSONLines"]),
        .library(name: "Statistics", targets: ["Statistics"]),
        .library(name: "DurableFiles", targets: ["DurableFiles"]),
        .library(name: "Pool", targets: ["Pool"]),
        .library(name: "LLM", targets: ["LLM"]),
        .library(name: "Engine", targets: ["Engine"]),
        .library(name: "Terminal", targets: ["Terminal"]),
        .library(name: "Workbench", targets: ["Workbench"]),
        .library(name: "Evaluation", targets: ["Evaluation"]),
        .library(name: "VerbNoun", targets: ["VerbNoun"]),
        .library(name: "QualityReview", targets: ["QualityReview"]),
        .library(name: "DatasetCard", targets: ["DatasetCard"]),
        .library(name: "ChildProcesses", targets: ["ChildProcesses"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    ],
    targets: [
        // MARK: C libraries, each through a shim header

        // libcurl, with typed wrappers for its variadic setters (Swift cannot call those).
        .systemLibrary(
            name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]
        ),

        // ncursesw; only Terminal imports it.
        .systemLibrary(
            name: "CNcursesw", pkgConfig: "ncursesw", providers: [.apt(["libncurses-dev"])]
        ),

        // glibc's malloc_trim, for the workbench's long sessions.
        .systemLibrary(name: "CMalloc"),
        // glibc's GNU spawn extensions for ChildProcesses (pipe2, closefrom and chdir actions).
        .target(name: "CSpawn"),
        // The bit-parallel LCS over a length group in AVX2 or AVX-512 lanes, chosen at run time
        // (Swift has no per-function target features).
        .target(name: "CBitParallelLCS"),

        // MARK: Libraries, each after those it depends on

        // Tokenizer, exact ROUGE-L and the nearest-neighbour index: the method's hot path.
        .target(name: "Similarity", dependencies: ["CBitParallelLCS"]),

        // SVG documents and the charts of the reports (histograms, a two-level sunburst).
        .target(name: "SVGDrawing"),

        // Files that appear whole or not at all (temporary file, fsync, rename), and the POSIX
        // calls durable writes are made of.
        .target(name: "DurableFiles"),

        // Child processes started with posix_spawn (Foundation's Process crashes now and then
        // on Linux, and leaves no way to close the descriptors a child should not hold).
        .target(name: "ChildProcesses", dependencies: ["CSpawn"]),

        // Order-preserving JSON values, JSONL/JSON-array reading with file:line errors, and
        // JSONL files that only grow, each line durable before the append returns.
        .target(name: "JSONLines", dependencies: ["DurableFiles"]),

        // Shares with Wilson intervals and Cohen's kappa: what a person's ratings (the
        // evaluation) and a person's quality review (the review) are summed up with.
        .target(name: "Statistics"),

        // The JSONL pool: durable records and revisions, upstream formats in, fine-tuning data out.
        .target(name: "Pool", dependencies: ["JSONLines", "DurableFiles", "CMalloc"]),

        // The OpenAI-compatible client: libcurl's multi interface on its own thread, SSE,
        // retries, rate limits and token accounting. The only module that imports CCurl.
        .target(name: "LLM", dependencies: ["CCurl"]),

        // The original seed tasks a new pool starts from, embedded in the binary.
        .target(name: "BundledSeeds", resources: [.embedInCode("seed_tasks.jsonl")]),

        // The generation engine: recipes, prompt templates, parsing and filters, and the runner
        // that drives rounds, classification and instances against the pool and the model.
        // The templates are embedded in the binary so the tool runs from anywhere; a pool can
        // override them with a folder of files of the same names.
        .target(
            name: "Engine",
            dependencies: ["Similarity", "Pool", "LLM", "BundledSeeds"],
            resources: [
                .embedInCode("Templates/instruction-header.txt"),
                .embedInCode("Templates/instruction-header-classification.txt"),
                .embedInCode("Templates/alpaca-requirements.txt"),
                .embedInCode("Templates/classification-identification.txt"),
                .embedInCode("Templates/instances-output-first.txt"),
                .embedInCode("Templates/instances-input-first.txt"),
                .embedInCode("Templates/chat-system-instructions.txt"),
                .embedInCode("Templates/chat-system-alpaca.txt"),
                .embedInCode("Templates/chat-system-classification.txt"),
                .embedInCode("Templates/chat-system-instances.txt"),
            ]
        ),

        // The paper's verb–noun analysis: spaCy in the project's venv behind one small process
        // (the embedded verb_noun.py, which also installs it), batched and cached beside the pool.
        .target(name: "VerbNoun", dependencies: ["DurableFiles", "ChildProcesses"], resources: [.embedInCode("verb_noun.py")]),

        // A person's quality review of the generated data (the paper's Table 2): a seeded sample
        // of accepted tasks, three yes/no questions per reviewer, stored beside the pool, and
        // the table with Wilson intervals and Cohen's kappa between reviewers.
        .target(name: "QualityReview", dependencies: ["Pool", "JSONLines", "DurableFiles", "Statistics"]),

        // The config files (user and pool TOML), resolved with flags and environment into the
        // settings a run uses, each with its source.
        .target(
            name: "Settings",
            dependencies: [
                "Engine", "Pool", "LLM", "DurableFiles", .product(name: "TOMLKit", package: "TOMLKit"),
            ]
        ),

        // The terminal layer: cell grid, display width, sanitiser, themes, keys, line
        // editor and the ncurses backend that flushes a grid.
        .target(
            name: "Terminal",
            dependencies: ["CNcursesw", "ChildProcesses", .product(name: "TOMLKit", package: "TOMLKit")],
            resources: [
                .embedInCode("BuiltinThemes/dark.toml"),
                .embedInCode("BuiltinThemes/light.toml"),
                .embedInCode("BuiltinThemes/high-contrast.toml"),
                .embedInCode("BuiltinThemes/mono.toml"),
            ]
        ),

        // The review screen of `selfinstruct review` and the workbench's Review view: one item
        // of the sample at a time, the paper's three questions on single keys, disagreements
        // settled one by one, the table; drawn into a cell grid.
        .target(name: "ReviewScreen", dependencies: ["QualityReview", "Terminal"]),

        // The dataset card of `selfinstruct report`: Hugging Face front matter, how the data was
        // made, the paper's section 3 figures and the defect counts, with SVG figures beside it.
        .target(
            name: "DatasetCard",
            dependencies: [
                "Pool", "LLM", "Engine", "Settings", "VerbNoun", "QualityReview", "Statistics", "DurableFiles",
                "SVGDrawing",
            ]
        ),

        // The paper's evaluation (section 5): tasks, systems' responses and people's A–D
        // ratings in a folder of JSONL files, ROUGE-L beside the ratings, agreement between
        // raters, the report, and responses generated from endpoints.
        .target(
            name: "Evaluation",
            dependencies: ["Similarity", "JSONLines", "DurableFiles", "Pool", "LLM", "Statistics", "SVGDrawing"]
        ),

        // The rating screens of `selfinstruct eval rate` and the workbench's Eval view: one
        // response at a time, blind, graded A–D; or (--pairwise) two systems' responses side
        // by side, blind, one judged better; drawn into a cell grid.
        .target(name: "RatingScreen", dependencies: ["Evaluation", "Terminal"]),

        // The curation workbench: one component per view over the terminal layer, talking to
        // the pool through `PoolCuration` and to generation through `GenerationControl`; its
        // Eval view hosts the rating screens.
        .target(
            name: "Workbench",
            dependencies: [
                "Terminal", "Engine", "Pool", "Similarity", "DurableFiles", "Settings", "CMalloc", "VerbNoun",
                "QualityReview", "ReviewScreen", "Evaluation", "RatingScreen", "DatasetCard",
            ]
        ),

        // MARK: The command

        // The `selfinstruct` command: the workbench and the headless subcommands.
        .executableTarget(
            name: "selfinstruct",
            dependencies: [
                "Similarity", "JSONLines", "DurableFiles", "Pool", "LLM", "Engine", "Settings",
                "Workbench", "Terminal", "BundledSeeds", "Evaluation", "RatingScreen", "VerbNoun",
                "QualityReview", "ReviewScreen", "DatasetCard", "ChildProcesses",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // MARK: Tests

        // Shared test helpers: locating ../shared, temporary folders, running the CLI, and
        // the fake OpenAI-compatible server.
        .target(
            name: "TestSupport",
            dependencies: ["Pool", "VerbNoun", "DurableFiles", "ChildProcesses", .product(name: "FlyingFox", package: "FlyingFox")],
            path: "Tests/TestSupport"
        ),

        // A child process for the pool's crash test: appends and acknowledges until it is killed.
        .executableTarget(
            name: "pool-crash-probe", dependencies: ["Pool"], path: "Tests/PoolCrashProbe"
        ),

        .testTarget(
            name: "SimilarityTests", dependencies: ["Similarity", "JSONLines", "TestSupport"]
        ),
        .testTarget(name: "JSONLinesTests", dependencies: ["JSONLines"]),
        .testTarget(name: "DurableFilesTests", dependencies: ["DurableFiles", "TestSupport"]),
        .testTarget(name: "ChildProcessesTests", dependencies: ["ChildProcesses", "DurableFiles"]),
        .testTarget(name: "PoolTests", dependencies: ["Pool", "DurableFiles", "ChildProcesses", "TestSupport", "pool-crash-probe"]),
        .testTarget(name: "LLMTests", dependencies: ["LLM", "TestSupport"]),
        .testTarget(
            name: "BundledSeedsTests",
            dependencies: ["BundledSeeds", "Similarity", "JSONLines", "TestSupport"]
        ),
        .testTarget(name: "EngineTests", dependencies: ["Engine", "LLM", "Pool", "Similarity", "TestSupport"]),
        .testTarget(
            name: "RunnerTests",
            dependencies: ["Engine", "LLM", "Pool", "Similarity", "TestSupport"]
        ),
        .testTarget(name: "SettingsTests", dependencies: ["Settings", "Engine", "LLM", "Pool"]),
        .testTarget(
            name: "TerminalTests", dependencies: ["Terminal", "CNcursesw", "TestSupport"],
            exclude: ["Snapshots"]
        ),
        .testTarget(
            name: "WorkbenchTests",
            dependencies: [
                "Workbench", "Terminal", "Pool", "Engine", "LLM", "Similarity", "Settings", "TestSupport",
                "selfinstruct", "VerbNoun", "Evaluation", "RatingScreen", "JSONLines", "DatasetCard",
            ],
            exclude: ["Snapshots"]
        ),
        .testTarget(name: "CommandTests", dependencies: ["JSONLines", "Pool", "TestSupport"]),
        .testTarget(
            name: "EvaluationTests",
            dependencies: [
                "Evaluation", "RatingScreen", "Terminal", "LLM", "JSONLines", "TestSupport",
                // The end-to-end test drives the built binary in tmux.
                "selfinstruct",
            ],
            exclude: ["Snapshots"]
        ),
        .testTarget(
            name: "QualityReviewTests",
            dependencies: [
                "QualityReview", "ReviewScreen", "Terminal", "Pool", "JSONLines", "TestSupport",
                // The end-to-end test drives the built binary in tmux.
                "selfinstruct",
            ],
            exclude: ["Snapshots"]
        ),
        .testTarget(name: "VerbNounTests", dependencies: ["VerbNoun", "JSONLines", "TestSupport"]),
        .testTarget(
            name: "DatasetCardTests",
            dependencies: [
                "DatasetCard", "SVGDrawing", "Pool", "VerbNoun", "QualityReview", "Settings", "TestSupport",
            ]
        ),
    ]
)
