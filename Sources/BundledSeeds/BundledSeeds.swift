/// The original seed tasks that ship inside the `selfinstruct` binary: the demonstrations a
/// new pool starts from when the user brings no seeds of their own.
///
/// The tasks live in `Sources/BundledSeeds/seed_tasks.jsonl`, in the upstream Self-Instruct
/// seed format (one JSON object per line with `id`, `name`, `instruction`, `instances`
/// [{`input`, `output`}] and `is_classification`). SwiftPM's `embedInCode` compiles that file
/// into the module as a byte array, so the binary needs no resource bundle at run time and the
/// tasks stay editable as plain text.
public enum BundledSeeds {
    /// The name to show for the bundled tasks in messages and provenance, as in
    /// `seed_tasks.jsonl:12` (the bundle's line numbers are the source file's).
    public static let sourceName = "seed_tasks.jsonl"

    /// The bundled `seed_tasks.jsonl`, exactly as written: UTF-8 text, one task per line,
    /// `\n` line ends. Parsing is left to the pool's importer, which reads any upstream file.
    public static var jsonLines: String {
        String(decoding: PackageResources.seed_tasks_jsonl, as: UTF8.self)
    }
}
