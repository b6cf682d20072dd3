/// Where a resolved setting came from, strongest first: a command-line flag, the
/// environment (`OPENAI_*`), the pool's config file, the user's config file, or the default.
public enum SettingSource: String, Sendable, Hashable, CaseIterable {
    /// A command-line flag.
    case flag
    /// An environment variable (`OPENAI_BASE_URL`, `OPENAI_API_KEY`, `OPENAI_MODEL`).
    case environment = "env"
    /// The config file beside the pool (`pool.toml` for `pool.jsonl`).
    case pool
    /// The user's config file (`${XDG_CONFIG_HOME:-~/.config}/selfinstruct/config.toml`).
    case user
    /// Built in.
    case `default`
}
