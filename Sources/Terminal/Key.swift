import CNcursesw

/// A key press, decoded from the terminal. Reducers match on these; they never see raw
/// ncurses codes or escape sequences.
public enum Key: Hashable, Sendable {
    /// A printable character, wide ones included.
    case character(Character)
    /// Ctrl plus a letter, as the lowercase letter: `.control("w")`. Ctrl-I, Ctrl-M and
    /// Ctrl-H arrive as `.tab`, `.enter` and `.backspace`, as terminals send them alike.
    case control(Character)
    /// Alt (Meta) plus a character, sent by terminals as ESC and the character: `.alt("b")`.
    case alt(Character)
    /// Arrow up.
    case up
    /// Arrow down.
    case down
    /// Arrow left.
    case left
    /// Arrow right.
    case right
    /// Ctrl-Left or Alt-Left: one word left.
    case wordLeft
    /// Ctrl-Right or Alt-Right: one word right.
    case wordRight
    /// Home.
    case home
    /// End.
    case end
    /// Page Up.
    case pageUp
    /// Page Down.
    case pageDown
    /// Tab.
    case tab
    /// Shift-Tab.
    case backTab
    /// Enter or Return.
    case enter
    /// Escape, pressed on its own.
    case escape
    /// Backspace.
    case backspace
    /// Delete (forward).
    case delete
    /// Insert.
    case insert
    /// A function key, F1 is `.function(1)`.
    case function(Int)
    /// The terminal changed size; read the new size from the screen.
    case resize
}

/// One result of ncurses' `get_wch`, the decoder's input.
public enum RawInput: Hashable, Sendable {
    /// `OK`: a character (a code point, possibly a control).
    case character(UInt32)
    /// `KEY_CODE_YES`: an ncurses key code (KEY_UP, KEY_RESIZE, ...).
    case keyCode(Int32)
    /// `ERR`: nothing arrived before the timeout.
    case none
}

/// Turns `get_wch` results into `Key`s. A state machine, because ESC may start an Alt
/// combination or an escape sequence ncurses did not recognise (terminfo entries often lack
/// Ctrl-arrows): while `needsMoreInput` is true the caller reads again without waiting, and
/// `.none` then ends the sequence (a lone ESC is the Escape key).
public struct InputDecoder: Sendable {
    private enum State: Sendable {
        case ground
        case escape
        case controlSequence(String)
        case singleShift
    }

    private let keyCodes: [Int32: Key]
    private var state = State.ground

    /// A decoder for ncurses' standard key codes plus `extendedKeyCodes`: the codes ncurses
    /// assigns at run time to terminfo's extended keys (kLFT5 is Ctrl-Left, and so on).
    public init(extendedKeyCodes: [Int32: Key] = [:]) {
        keyCodes = Self.standardKeyCodes.merging(extendedKeyCodes) { _, extended in extended }
    }

    /// ncurses' fixed KEY_* codes.
    static let standardKeyCodes: [Int32: Key] = {
        var codes: [Int32: Key] = [
            KEY_UP: .up, KEY_DOWN: .down, KEY_LEFT: .left, KEY_RIGHT: .right,
            KEY_HOME: .home, KEY_END: .end, KEY_PPAGE: .pageUp, KEY_NPAGE: .pageDown,
            KEY_BTAB: .backTab, KEY_ENTER: .enter, KEY_BACKSPACE: .backspace, KEY_DC: .delete,
            KEY_IC: .insert, KEY_RESIZE: .resize, KEY_SLEFT: .left, KEY_SRIGHT: .right,
            KEY_A1: .home, KEY_C1: .end, KEY_A3: .pageUp, KEY_C3: .pageDown,
        ]
        for number in 1...12 { codes[si_key_f0() + Int32(number)] = .function(number) }
        return codes
    }()

    /// Whether an escape sequence is under way and the next read should not wait.
    public var needsMoreInput: Bool {
        if case .ground = state { return false }
        return true
    }

    /// Feeds one input and returns the keys it completes (often none or one).
    public mutating func decode(_ input: RawInput) -> [Key] {
        switch state {
        case .ground:
            return ground(input)
        case .escape:
            state = .ground
            switch input {
            case .none: return [.escape]
            case .keyCode(let code):
                // Alt with a key ncurses recognised: Alt-Left/Right jump words.
                let keys = ground(.keyCode(code))
                if keys == [.left] { return [.wordLeft] }
                if keys == [.right] { return [.wordRight] }
                return keys
            case .character(0x5B): state = .controlSequence(""); return []  // [
            case .character(0x4F): state = .singleShift; return []  // O
            case .character(0x1B): state = .escape; return [.escape]
            case .character(let value):
                let keys = ground(.character(value))
                if keys.count == 1, case .character(let character) = keys[0] { return [.alt(character)] }
                if keys == [.enter] { return [.alt("\n")] }  // Alt-Enter
                return [.escape] + keys
            }
        case .singleShift:
            state = .ground
            guard case .character(let value) = input, let scalar = Unicode.Scalar(value) else {
                return [.alt("O")] + (input == .none ? [] : ground(input))
            }
            switch scalar {
            case "A": return [.up]
            case "B": return [.down]
            case "C": return [.right]
            case "D": return [.left]
            case "H": return [.home]
            case "F": return [.end]
            case "P", "Q", "R", "S": return [.function(Int(value - 0x4F))]
            default: return []
            }
        case .controlSequence(let parameters):
            guard case .character(let value) = input, let scalar = Unicode.Scalar(value) else {
                state = .ground
                return (parameters.isEmpty ? [.alt("[")] : []) + ground(input)
            }
            switch value {
            case 0x20...0x3F:
                state = .controlSequence(parameters + String(scalar))
                return []
            case 0x40...0x7E:
                state = .ground
                return Self.controlSequenceKey(parameters: parameters, final: scalar).map { [$0] } ?? []
            default:
                state = .ground
                return ground(input)
            }
        }
    }

    private mutating func ground(_ input: RawInput) -> [Key] {
        switch input {
        case .none:
            return []
        case .keyCode(let code):
            return keyCodes[code].map { [$0] } ?? []
        case .character(let value):
            switch value {
            case 0x1B:
                state = .escape
                return []
            case 0x09: return [.tab]
            case 0x0A, 0x0D: return [.enter]
            case 0x08, 0x7F: return [.backspace]
            case 0x01...0x1A: return [.control(Character(Unicode.Scalar(value + 0x60)!))]
            case 0x00..<0x20, 0x80..<0xA0: return []
            default:
                guard let scalar = Unicode.Scalar(value) else { return [] }
                return [.character(Character(scalar))]
            }
        }
    }

    /// The key an xterm-style CSI sequence stands for: arrows with modifiers
    /// ("1;5D" is Ctrl-Left), Home/End, and the "n~" editing keys.
    private static func controlSequenceKey(parameters: String, final: Unicode.Scalar) -> Key? {
        let fields = parameters.split(separator: ";", omittingEmptySubsequences: false)
        let modifier = fields.count > 1 ? Int(fields[1]) ?? 1 : 1
        // xterm modifier codes: 1 + (shift 1, alt 2, ctrl 4); alt or ctrl on an arrow jumps words.
        let jumpsWord = modifier > 1 && (modifier - 1) & 0b110 != 0
        switch final {
        case "A": return .up
        case "B": return .down
        case "C": return jumpsWord ? .wordRight : .right
        case "D": return jumpsWord ? .wordLeft : .left
        case "H": return .home
        case "F": return .end
        case "Z": return .backTab
        case "~":
            switch fields.first.flatMap({ Int($0) }) {
            case 1, 7: return .home
            case 2: return .insert
            case 3: return .delete
            case 4, 8: return .end
            case 5: return .pageUp
            case 6: return .pageDown
            case let number?:
                // F5...F12 are 15, 17-21, 23, 24.
                let functionKeys = [15: 5, 17: 6, 18: 7, 19: 8, 20: 9, 21: 10, 23: 11, 24: 12]
                return functionKeys[number].map { .function($0) }
            case nil: return nil
            }
        default: return nil
        }
    }
}
