/// Small readers for the notations the format uses: `x,y` points, `WxH` sizes, prices with
/// digit separators and row label ranges such as `A..H` or `20..1`.
enum HallNotation {
    static func point(_ token: Substring) -> (x: Int, y: Int)? {
        let parts = token.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count == 2, let x = count(parts[0]), let y = count(parts[1]) else { return nil }
        return (x, y)
    }

    static func size(_ token: Substring) -> (width: Int, height: Int)? {
        let parts = token.split(omittingEmptySubsequences: false) { $0 == "x" || $0 == "X" }
        guard parts.count == 2, let w = count(parts[0]), let h = count(parts[1]) else { return nil }
        return (w, h)
    }

    /// Accepts `180000`, `180,000` and `180_000`: people copy prices from posters.
    static func price(_ token: Substring) -> Int? {
        let digits = token.filter { $0 != "," && $0 != "_" }
        guard token.first?.isNumber == true, token.last?.isNumber == true else { return nil }
        return count(Substring(digits))
    }

    /// A non-negative decimal integer made of ASCII digits only (no sign, no spaces).
    static func count(_ token: Substring) -> Int? {
        guard !token.isEmpty, token.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(token)
    }

    static func isName(_ token: Substring, maxLength: Int) -> Bool {
        !token.isEmpty && token.count <= maxLength
            && token.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
    }

    static func isRowLabel(_ token: Substring) -> Bool {
        !token.isEmpty && token.count <= 8
            && token.allSatisfy { $0.isASCII && ($0.isUppercase || $0.isNumber) }
    }

    enum RowRange {
        case labels([String])
        case invalid(Problem)
    }

    /// `A..H` and `H..A` step through single letters; `1..20` and `20..1` through numbers.
    /// Anything else is one label.
    static func rowLabels(_ token: Substring, maxRows: Int) -> RowRange {
        guard let dots = token.firstRange(of: "..") else {
            return isRowLabel(token)
                ? .labels([String(token)])
                : .invalid(Problem(.hallRowLabel, ["label": String(token)]))
        }
        let from = token[..<dots.lowerBound], to = token[dots.upperBound...]
        if let a = count(from), let b = count(to) {
            guard abs(a - b) < maxRows else {
                return .invalid(Problem(.hallRowRangeTooLong, ["label": String(token), "max": maxRows.grouped]))
            }
            return .labels(stride(from: a, through: b, by: a <= b ? 1 : -1).map(String.init))
        }
        if let a = singleCapital(from), let b = singleCapital(to) {
            return .labels(stride(from: a, through: b, by: a <= b ? 1 : -1).map {
                String(Character(Unicode.Scalar(UInt8($0))))
            })
        }
        return .invalid(Problem(.hallRowRangeSyntax, ["label": String(token)]))
    }

    private static func singleCapital(_ token: Substring) -> Int? {
        guard token.count == 1, let c = token.first, c.isASCII, c.isUppercase,
              let value = c.asciiValue else { return nil }
        return Int(value)
    }
}
