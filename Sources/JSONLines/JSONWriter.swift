extension JSONValue {
    /// Compact JSON text with `", "` and `": "` separators, as Python's `json.dumps` writes by
    /// default, non-ASCII kept as is (like `ensure_ascii=False`).
    public var jsonText: String {
        var out = ""
        write(to: &out)
        return out
    }

    /// Appends this value's JSON text to `out`.
    public func write(to out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += n
        case .string(let s): JSONValue.writeString(s, to: &out)
        case .array(let elements):
            out += "["
            for (i, element) in elements.enumerated() {
                if i > 0 { out += ", " }
                element.write(to: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (i, member) in members.enumerated() {
                if i > 0 { out += ", " }
                JSONValue.writeString(member.key, to: &out)
                out += ": "
                member.value.write(to: &out)
            }
            out += "}"
        }
    }

    /// Appends `s` as a JSON string literal to `out`. Every control (C0, DEL, C1) and the
    /// line separators are escaped (`\u009b`), so a line printed to a terminal cannot drive it.
    /// Runs of bytes that need no escape are copied whole.
    public static func writeString(_ s: String, to out: inout String) {
        out += "\""
        var text = s
        text.withUTF8 { bytes in
            var runStart = 0, i = 0
            func flush(upTo end: Int) {
                if runStart < end { out += String(decoding: UnsafeBufferPointer(rebasing: bytes[runStart..<end]), as: UTF8.self) }
            }
            while i < bytes.count {
                let byte = bytes[i]
                let escape: String?, width: Int
                if byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x7F {
                    (escape, width) = (escaped(UInt32(byte)), 1)
                } else if byte == 0xC2, i + 1 < bytes.count, (0x80...0x9F).contains(bytes[i + 1]) {
                    (escape, width) = (escaped(UInt32(bytes[i + 1])), 2)  // C1 controls, U+0080–U+009F
                } else if byte == 0xE2, i + 2 < bytes.count, bytes[i + 1] == 0x80, bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9 {
                    (escape, width) = (escaped(bytes[i + 2] == 0xA8 ? 0x2028 : 0x2029), 3)
                } else {
                    (escape, width) = (nil, 1)
                }
                if let escape {
                    flush(upTo: i)
                    out += escape
                    runStart = i + width
                }
                i += width
            }
            flush(upTo: bytes.count)
        }
        out += "\""
    }

    /// The escape of the scalar `value`: a short one where JSON has it, else `\u` and four
    /// lower-case hex digits.
    private static func escaped(_ value: UInt32) -> String {
        switch value {
        case 0x22: return "\\\""
        case 0x5C: return "\\\\"
        case 0x0A: return "\\n"
        case 0x0D: return "\\r"
        case 0x09: return "\\t"
        case 0x08: return "\\b"
        case 0x0C: return "\\f"
        default:
            let hex = String(value, radix: 16)
            return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        }
    }
}
