import LLM

/// One item parsed out of an instruction-generation completion, before the filters run.
public struct ParsedCandidate: Sendable, Hashable {
    /// Its place in the completion, from 0 (the item continuing the prompt's last number).
    public var position: Int
    /// The instruction, normalised as the recipe says (stripped and cased; for Self-Instruct
    /// also whitespace-collapsed). Empty for a malformed Alpaca item.
    public var instruction: String
    /// Alpaca's input ("" for `<noinput>`); always "" for Self-Instruct.
    public var input: String
    /// Alpaca's output; always "" for Self-Instruct.
    public var output: String
    /// The item's text as the model wrote it.
    public var raw: String
    /// Set when parsing already refuses the item (cut off by length, malformed); the cheap
    /// filters and the similarity filter run only on items where this is nil.
    public var rejection: RejectionReason?
}

/// Turns an instruction-generation completion into candidates, as upstream's
/// `post_process_gpt3_response` does (reference §1.2 for Self-Instruct, §2 for Alpaca).
public struct CompletionParser: Sendable {
    /// The recipe deciding the format, the normalisation and the length cut-off handling.
    public var recipe: Recipe
    /// The API the completion came from; chat replies may repeat the item number the prompt
    /// ended with, which a completion never does.
    public var api: EndpointConfiguration.API

    /// A parser for completions produced with `recipe` through `api`.
    public init(recipe: Recipe, api: EndpointConfiguration.API = .completions) {
        self.recipe = recipe
        self.api = api
    }

    /// The candidates in `text`, a completion of a prompt whose list continues at
    /// `firstNumber`. `cutOffByLength` is `finish_reason == "length"`.
    ///
    /// Every item is returned, refused ones with their reason, so the pool can record them.
    public func parse(_ text: String, firstNumber: Int, cutOffByLength: Bool) -> [ParsedCandidate] {
        var candidates: [ParsedCandidate]
        switch recipe.format {
        case .instructionList: candidates = parseList(text)
        case .instructionInputOutput: candidates = parseItems(text, firstNumber: firstNumber)
        }
        if cutOffByLength, !candidates.isEmpty {
            switch recipe.lengthCutoff {
            case .dropCompletion:
                for i in candidates.indices { candidates[i].rejection = .completionCutOff }
            case .dropLastItem:
                candidates[candidates.count - 1].rejection = .lastItemCutOff
            }
        }
        return candidates
    }

    /// Self-Instruct: split on `\n\d+\s?\. `; the first piece continues the prompt's "9.".
    /// "10. " and "10 . " separate items; "10." without a following space does not.
    private func parseList(_ text: String) -> [ParsedCandidate] {
        let text = api == .chat ? Self.removingRepeatedItemNumber(text) : text
        return UpstreamPattern.listItemSeparator.split(text).pieces.enumerated().map { position, piece in
            ParsedCandidate(position: position, instruction: normalise(piece), input: "", output: "", raw: piece)
        }
    }

    /// Alpaca: prefix `"{n}. Instruction:"`, split on `###`; piece k must split on
    /// `{n+k}\.\s+(Instruction|Input|Output):` into exactly 7 parts (three labels), whose
    /// 3rd, 5th and 7th parts are the instruction, input and output.
    private func parseItems(_ text: String, firstNumber: Int) -> [ParsedCandidate] {
        let full = "\(firstNumber). Instruction:" + (api == .chat ? Self.removingRepeatedPrefix(text, number: firstNumber) : text)
        let pieces = UpstreamPattern.literal("###").split(full).pieces
        return pieces.enumerated().map { position, piece in
            let number = firstNumber + position
            // Python's 7 parts are the 4 texts around three labels plus the 3 captured labels.
            let parts = UpstreamPattern.alpacaField(number: number).split(piece).pieces
            guard parts.count == 4 else {
                return ParsedCandidate(
                    position: position, instruction: "", input: "", output: "", raw: piece,
                    rejection: .malformed(number: number)
                )
            }
            let input = Python.strip(parts[2])
            return ParsedCandidate(
                position: position,
                instruction: normalise(parts[1]),
                input: input.lowercased() == "<noinput>" ? "" : input,
                output: Python.strip(parts[3]),
                raw: piece
            )
        }
    }

    /// Whitespace collapse (if the recipe says), strip, then the recipe's casing.
    func normalise(_ piece: String) -> String {
        var text = recipe.collapsesWhitespace ? Python.collapseWhitespace(piece) : piece
        text = Python.strip(text)
        return recipe.casing.apply(to: text)
    }

    /// A chat reply to a list ending in "9." usually starts with "9. "; a completion starts
    /// right after it. Removes a leading `\s*\d+\s?\.` so both parse alike.
    private static func removingRepeatedItemNumber(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var i = 0
        while i < scalars.count && Python.isWhitespace(scalars[i]) { i += 1 }
        let digits = i
        while i < scalars.count && Python.isDecimalDigit(scalars[i]) { i += 1 }
        guard i > digits else { return text }
        if i + 1 < scalars.count && Python.isWhitespace(scalars[i]) && scalars[i + 1] == "." { i += 1 }
        guard i < scalars.count, scalars[i] == "." else { return text }
        return String(String.UnicodeScalarView(scalars[(i + 1)...]))
    }

    /// A chat reply to a prompt ending in "###\n4. Instruction:" may restate that line (and
    /// the `###` before it); removes them so the reply reads as a completion.
    private static func removingRepeatedPrefix(_ text: String, number: Int) -> String {
        var rest = Substring(Python.strip(text))
        if rest.hasPrefix("###") { rest = Substring(Python.strip(rest.dropFirst(3))) }
        let label = "\(number). Instruction:"
        return rest.hasPrefix(label) ? String(rest.dropFirst(label.count)) : text
    }
}
