/// A terminal colour: the terminal's own default, or an index into the 256-colour palette
/// (0-15 are the 16 standard colours).
public enum ThemeColor: Hashable, Sendable {
    /// The terminal's default foreground or background.
    case terminalDefault
    /// A palette index, 0...255.
    case indexed(Int)

    /// The 16 standard colour names, in palette order.
    public static let standardNames = [
        "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
        "bright-black", "bright-red", "bright-green", "bright-yellow",
        "bright-blue", "bright-magenta", "bright-cyan", "bright-white",
    ]

    /// Whether a 16-colour terminal can show this colour as it is.
    var isStandard: Bool {
        if case .indexed(let index) = self { return index < 16 }
        return true
    }
}

/// How many colours the terminal shows, which picks the colours a theme uses.
public enum ColorDepth: Sendable, Comparable {
    /// No colours: attributes only.
    case monochrome
    /// 8 colours: bright foregrounds become bold.
    case eight
    /// 16 colours.
    case sixteen
    /// The 256-colour palette.
    case full

    /// The depth for a terminal reporting `count` colours (ncurses' COLORS).
    public init(colorCount count: Int) {
        switch count {
        case 256...: self = .full
        case 16...: self = .sixteen
        case 8...: self = .eight
        default: self = .monochrome
        }
    }
}

/// A role's look in one theme, with colours for 256-colour and 16-colour terminals.
public struct RoleLook: Hashable, Sendable {
    /// Foreground on 256-colour terminals.
    public var foreground: ThemeColor
    /// Background on 256-colour terminals.
    public var background: ThemeColor
    /// Foreground on 16- and 8-colour terminals (a standard colour).
    public var foreground16: ThemeColor
    /// Background on 16- and 8-colour terminals (a standard colour).
    public var background16: ThemeColor
    /// Attributes for every cell in this role.
    public var attributes: Attributes

    /// A look; the 16-colour fallbacks default to the 256 colours when those are standard.
    public init(
        foreground: ThemeColor = .terminalDefault, background: ThemeColor = .terminalDefault,
        foreground16: ThemeColor? = nil, background16: ThemeColor? = nil, attributes: Attributes = []
    ) {
        self.foreground = foreground
        self.background = background
        self.foreground16 = foreground16 ?? (foreground.isStandard ? foreground : .terminalDefault)
        self.background16 = background16 ?? (background.isStandard ? background : .terminalDefault)
        self.attributes = attributes
    }

    /// The colours and attributes to use at `depth`; -1 means the terminal's default colour.
    public func resolved(for depth: ColorDepth) -> ResolvedLook {
        func number(_ color: ThemeColor) -> Int {
            if case .indexed(let index) = color { return index }
            return -1
        }
        switch depth {
        case .full:
            return ResolvedLook(foreground: number(foreground), background: number(background), attributes: attributes)
        case .sixteen:
            return ResolvedLook(foreground: number(foreground16), background: number(background16), attributes: attributes)
        case .eight:
            var fg = number(foreground16), bg = number(background16)
            var extra: Attributes = []
            if fg >= 8 { fg -= 8; extra.insert(.bold) }
            if bg >= 8 { bg -= 8 }
            return ResolvedLook(foreground: fg, background: bg, attributes: attributes.union(extra))
        case .monochrome:
            return ResolvedLook(foreground: -1, background: -1, attributes: attributes)
        }
    }
}

/// A role's look reduced to what one terminal can show.
public struct ResolvedLook: Hashable, Sendable {
    /// Foreground palette index, -1 for the terminal's default.
    public var foreground: Int
    /// Background palette index, -1 for the terminal's default.
    public var background: Int
    /// Attributes.
    public var attributes: Attributes

    /// A resolved look; -1 stands for the terminal's default colour.
    public init(foreground: Int, background: Int, attributes: Attributes) {
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
    }
}

/// A named set of looks, one per role. Load one with `ThemeCatalog`.
public struct Theme: Hashable, Sendable {
    /// The theme's name (its file name without ".toml").
    public let name: String
    private var looks: [RoleLook]

    /// A theme giving `looks` for every role; roles left out look like plain text.
    public init(name: String, looks: [Role: RoleLook]) {
        self.name = name
        self.looks = Role.allCases.map { looks[$0] ?? RoleLook() }
    }

    /// The look of `role`.
    public subscript(role: Role) -> RoleLook {
        get { looks[Int(role.rawValue)] }
        set { looks[Int(role.rawValue)] = newValue }
    }
}
