/// Integer KRW as people read it: "₩209,000". Grouping is done by hand so the output never
/// depends on the machine's locale (these machines only have C.UTF-8).
public enum Money {
    public static func krw(_ amount: Int) -> String {
        (amount < 0 ? "-₩" : "₩") + grouped(amount.magnitude)
    }

    /// "1,234,567", with a leading "-" for negatives.
    public static func grouped(_ value: Int) -> String {
        (value < 0 ? "-" : "") + grouped(value.magnitude)
    }

    private static func grouped(_ magnitude: UInt) -> String {
        let digits = String(magnitude)
        var out = ""
        for (i, digit) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return out
    }
}
