import Foundation

/// The editable text files the prompts are made of. The wording is ours; only the structure
/// (numbering, `Task:` / `Class label:` / `Example N` / `Output:` layout, the closing `Task:`)
/// follows upstream, because the parsers and stop strings depend on it.
public enum TemplateFile: String, Sendable, Hashable, CaseIterable {
    /// The one-line header of a Self-Instruct list prompt.
    case instructionHeader = "instruction-header.txt"
    /// The header used when only classification tasks are wanted.
    case classificationInstructionHeader = "instruction-header-classification.txt"
    /// Alpaca's requirements; `{{count}}` stands for the number of tasks asked for.
    case alpacaRequirements = "alpaca-requirements.txt"
    /// The few-shot Yes/No prompt deciding whether a task is classification; ends with `Task:`.
    case classificationIdentification = "classification-identification.txt"
    /// The output-first instance prompt for classification tasks; ends with `Task:`.
    case instancesOutputFirst = "instances-output-first.txt"
    /// The input-first instance prompt for other tasks; ends with `Task:`.
    case instancesInputFirst = "instances-input-first.txt"
    /// The chat system message for Self-Instruct list prompts.
    case chatSystemInstructions = "chat-system-instructions.txt"
    /// The chat system message for Alpaca prompts.
    case chatSystemAlpaca = "chat-system-alpaca.txt"
    /// The chat system message for classification identification.
    case chatSystemClassification = "chat-system-classification.txt"
    /// The chat system message for instance generation.
    case chatSystemInstances = "chat-system-instances.txt"

    /// The text compiled into the binary.
    var builtInBytes: [UInt8] {
        switch self {
        case .instructionHeader: PackageResources.instruction_header_txt
        case .classificationInstructionHeader: PackageResources.instruction_header_classification_txt
        case .alpacaRequirements: PackageResources.alpaca_requirements_txt
        case .classificationIdentification: PackageResources.classification_identification_txt
        case .instancesOutputFirst: PackageResources.instances_output_first_txt
        case .instancesInputFirst: PackageResources.instances_input_first_txt
        case .chatSystemInstructions: PackageResources.chat_system_instructions_txt
        case .chatSystemAlpaca: PackageResources.chat_system_alpaca_txt
        case .chatSystemClassification: PackageResources.chat_system_classification_txt
        case .chatSystemInstances: PackageResources.chat_system_instances_txt
        }
    }
}

/// The texts of every template: the built-in ones, each optionally replaced by a file of the
/// same name from a folder (a pool can keep its own wording beside it).
///
/// One trailing line break is removed from every text, because editors add one and a
/// template such as `… Task:` must end exactly there: the instruction follows after a space.
public struct PromptTemplates: Sendable, Hashable {
    private var texts: [TemplateFile: String]

    /// The templates compiled into the binary.
    public static let builtIn = PromptTemplates(
        texts: Dictionary(uniqueKeysWithValues: TemplateFile.allCases.map {
            ($0, normalised(String(decoding: $0.builtInBytes, as: UTF8.self)))
        })
    )

    private init(texts: [TemplateFile: String]) {
        self.texts = texts
    }

    /// The text of `file`, without its final line break.
    public func text(_ file: TemplateFile) -> String {
        texts[file]!
    }

    /// These templates with `overrides` replacing the named files.
    public func overriding(_ overrides: [TemplateFile: String]) -> PromptTemplates {
        var copy = self
        for (file, text) in overrides { copy.texts[file] = Self.normalised(text) }
        return copy
    }

    /// The built-in templates, with every `*.txt` file in `folder` that carries a template's
    /// name replacing it. A missing folder means no overrides.
    ///
    /// Throws for a `.txt` file whose name is not a template's (most likely a typo that would
    /// otherwise be silently ignored) and for a file that cannot be read as UTF-8.
    public static func loading(overridesIn folder: URL) throws(TemplateError) -> PromptTemplates {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        } catch {
            if !FileManager.default.fileExists(atPath: folder.path) { return .builtIn }
            throw TemplateError(.unreadable(folder.path, error.localizedDescription))
        }
        var overrides: [TemplateFile: String] = [:]
        for name in names.sorted() where name.hasSuffix(".txt") {
            let path = folder.appendingPathComponent(name).path
            guard let file = TemplateFile(rawValue: name) else {
                throw TemplateError(.unknownFile(path))
            }
            guard let data = FileManager.default.contents(atPath: path) else {
                throw TemplateError(.unreadable(path, "could not read the file"))
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw TemplateError(.notUTF8(path))
            }
            overrides[file] = text
        }
        return builtIn.overriding(overrides)
    }

    private static func normalised(_ text: String) -> String {
        // One Character, whether the line ends in "\n" or "\r\n" (a single grapheme cluster).
        text.last?.isNewline == true ? String(text.dropLast()) : text
    }
}

/// Why a template folder could not be used.
public struct TemplateError: Error, Sendable, Hashable, CustomStringConvertible {
    fileprivate enum Kind: Sendable, Hashable {
        case unknownFile(String)
        case unreadable(String, String)
        case notUTF8(String)
    }

    private let kind: Kind

    fileprivate init(_ kind: Kind) {
        self.kind = kind
    }

    /// What went wrong, where, and what to do about it.
    public var description: String {
        switch kind {
        case .unknownFile(let path):
            let known = TemplateFile.allCases.map(\.rawValue).joined(separator: ", ")
            return "\(path): not a template name. Rename it to one of: \(known)."
        case .unreadable(let path, let reason):
            return "\(path): cannot read the template (\(reason)). Check that it exists and is readable."
        case .notUTF8(let path):
            return "\(path): the template is not UTF-8 text. Save it as UTF-8."
        }
    }
}
