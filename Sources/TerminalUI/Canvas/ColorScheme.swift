/// How styles reach the terminal: as drawn, without colour (`NO_COLOR`), or in high contrast.
/// Screens keep naming what a thing is (`Theme`); this maps the finished canvas, so every
/// screen follows the choice without knowing about it.
public struct DisplayOptions: Sendable, Equatable {
    /// False when `NO_COLOR` is set: attributes (bold, reverse, underline) only.
    public var colour: Bool
    /// No dim text, bold colours on the default background, highlights as black on white.
    public var highContrast: Bool

    public init(colour: Bool = true, highContrast: Bool = false) {
        self.colour = colour
        self.highContrast = highContrast
    }

    /// `NO_COLOR` set to anything non-empty turns colour off (https://no-color.org).
    public static func from(environment: [String: String], theme: String?) -> DisplayOptions {
        DisplayOptions(colour: (environment["NO_COLOR"] ?? "").isEmpty, highContrast: theme == "high-contrast")
    }

    public var name: String { highContrast ? "high contrast" : colour ? "standard" : "no colour" }

    public func apply(_ style: Style) -> Style {
        var s = style
        if highContrast {
            s.dim = false
            if s.background != .default && s.background != .yellow {
                s.foreground = .black
                s.background = .white
                s.bold = true
            } else if s.foreground == .blue {
                s.foreground = .cyan
            }
            if s.foreground != .default { s.bold = true }
        }
        if !colour {
            // A coloured background marks a highlight (the cursor, the header): keep it visible.
            if s.background != .default { s.reverse = true }
            s.foreground = .default
            s.background = .default
        }
        return s
    }
}

extension Canvas {
    /// The canvas with every cell's style passed through `options`.
    public func styled(_ options: DisplayOptions) -> Canvas {
        guard options != DisplayOptions() else { return self }
        var copy = self
        copy.restyle { options.apply($0) }
        return copy
    }
}
