// Pool's public API carries open-ended JSON (`ModelCall.parameters`, `Edit.before`/`after`,
// `Provenance.upstreamMetadata`) as JSONLines' `JSONValue`, so importing Pool brings that
// type with it.
@_exported import enum JSONLines.JSONValue
