import Foundation

/// Card number and expiry rules applied at checkout, before a `paymentKey` is issued.
enum CardCheck {
    enum Failure: Error, Equatable {
        case number
        case expiry
    }

    /// The behaviour for a card number written with any spaces or dashes. Magic numbers skip
    /// the Luhn check (like Stripe's test cards, some of ours would not pass it); any other
    /// well-formed number must pass it and simply approves.
    static func behaviour(forNumber raw: String) throws(Failure) -> (digits: String, behaviour: CardBehaviour) {
        let digits = raw.filter { $0 != " " && $0 != "-" }
        guard digits.count == 16, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { throw .number }
        if let magic = CardBehaviour.magicNumbers[digits] { return (digits, magic) }
        guard luhnValid(digits) else { throw .number }
        return (digits, .approve)
    }

    static func luhnValid(_ digits: String) -> Bool {
        var sum = 0
        for (index, character) in digits.reversed().enumerated() {
            guard let value = character.wholeNumberValue else { return false }
            if index % 2 == 1 {
                let doubled = value * 2
                sum += doubled > 9 ? doubled - 9 : doubled
            } else {
                sum += value
            }
        }
        return sum % 10 == 0
    }

    /// `MM/YY`; a card is valid through the last day of its expiry month (in KST, where the
    /// issuers are), so it is refused only from the first day of the following month.
    static func checkExpiry(_ text: String, now: Date) throws(Failure) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
              let month = Int(parts[0]), let year = Int(parts[1]), (1...12).contains(month) else {
            throw .expiry
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TossTime.korea
        let today = calendar.dateComponents([.year, .month], from: now)
        guard let currentYear = today.year, let currentMonth = today.month else { throw .expiry }
        let expiry = (2000 + year) * 12 + month
        guard expiry >= currentYear * 12 + currentMonth else { throw .expiry }
    }

    /// `42424242****424*`, as Toss shows a card in a Payment object: the first eight digits,
    /// four hidden, three shown and the last one hidden.
    static func masked(_ digits: String) -> String {
        let characters = Array(digits)
        return String(characters.enumerated().map { index, digit in
            (8..<12).contains(index) || index == characters.count - 1 ? "*" : digit
        })
    }
}
