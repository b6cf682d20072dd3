import Foundation
import VerbNoun

/// A stand-in for the spaCy parser that needs only python3: it speaks the parser's protocol
/// and answers each text with its first word as the verb and its third as the noun
/// (lower-cased, periods dropped), so `Write a poem.` gives write, poem and `Hello` hello, nil.
public enum StandInParser {
    /// The stand-in's program.
    public static let script = """
        import json, sys
        print(json.dumps({"ready": "stand-in"}), flush=True)
        for line in sys.stdin:
            words = [t.lower().replace(".", "").split() for t in json.loads(line)["texts"]]
            print(json.dumps({"pairs": [[w[0] if w else None, w[2] if len(w) > 2 else None] for w in words]}), flush=True)
        """

    /// A launch of the stand-in, logging to `log`.
    public static func launch(log: URL) -> ParserLaunch {
        ParserLaunch(executable: URL(fileURLWithPath: "/usr/bin/env"), arguments: ["python3", "-c", script], tag: "stand-in", log: log)
    }
}
