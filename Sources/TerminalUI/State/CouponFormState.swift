import Foundation
import TicketingDomain
import TicketingProtocol

/// The seller's new-coupon form for one performance.
public struct CouponFormState: Sendable, Equatable {
    public static let kinds = ["fixed", "percentage"]
    public static let scopes = ["per order", "per ticket"]
    public static let allGrades = "all grades"

    public var performance: PerformanceDTO
    public var form: EntryForm

    public init(performance: PerformanceDTO) {
        self.performance = performance
        form = EntryForm(fields: [], submitLabel: "Create coupon")
        form.reshape(Self.fields(kind: "fixed", performance: performance))
    }

    /// Fixed coupons take an amount; percentage ones a percent and an optional cap.
    mutating func reshape() {
        form.reshape(Self.fields(kind: form.value("kind"), performance: performance, keeping: form))
    }

    private static func fields(kind: String, performance: PerformanceDTO, keeping old: EntryForm? = nil) -> [FormField] {
        var fields = [
            FormField("name", "Name", .text(maxLength: 100)),
            FormField("kind", "Kind", .choice(kinds), value: kind, note: "←→ fixed / percentage"),
        ]
        if kind == "percentage" {
            fields.append(FormField("percent", "Percent off", .digits(maxLength: 3), note: "1–100"))
            fields.append(FormField("maxDiscount", "Cap", .digits(maxLength: 9), note: "KRW, optional"))
        } else {
            fields.append(FormField("amount", "Amount off", .digits(maxLength: 9), note: "KRW"))
        }
        fields += [
            FormField("minSpend", "Min spend", .digits(maxLength: 9), note: "KRW, optional"),
            FormField("grade", "Grade", .choice([allGrades] + performance.grades.map(\.grade)),
                      value: old?.value("grade") ?? allGrades),
            FormField("scope", "Applies", .choice(scopes), value: old?.value("scope") ?? scopes[0]),
            FormField("quantity", "Quantity", .digits(maxLength: 7), note: "coupons in all"),
        ]
        return fields
    }

    public func draft() -> Result<CouponDraft, FormProblem> {
        let name = form.value("name").trimmingCharacters(in: .whitespaces)
        if name.isEmpty { return .failure(FormProblem("name", "Give the coupon a name buyers will see.")) }
        let percentage = form.value("kind") == "percentage"
        if percentage, form.number("percent") == nil {
            return .failure(FormProblem("percent", "Enter the percent off."))
        }
        if !percentage, form.number("amount") == nil {
            return .failure(FormProblem("amount", "Enter the amount off in KRW."))
        }
        guard let quantity = form.number("quantity") else {
            return .failure(FormProblem("quantity", "Enter how many coupons there are."))
        }
        let grade = form.value("grade")
        return .success(CouponDraft(
            name: name, kind: form.value("kind"), amount: percentage ? nil : form.number("amount"),
            percent: percentage ? form.number("percent") : nil, maxDiscount: percentage ? form.number("maxDiscount") : nil,
            minSpend: form.number("minSpend"), performanceId: performance.id,
            grade: grade == Self.allGrades ? nil : grade, perTicket: form.value("scope") == Self.scopes[1],
            totalQuantity: quantity))
    }
}
