import ArgumentParser

/// `--output`/`-o`: how a command prints its answer, as kubectl's and gh's `-o`/`--json` do.
enum OutputFormat: String, CaseIterable, ExpressibleByArgument {
    /// Aligned columns (lists) or FIELD/VALUE lines (one object), for people.
    case table
    /// The API's JSON answer unchanged, for scripts (jq).
    case json
}
