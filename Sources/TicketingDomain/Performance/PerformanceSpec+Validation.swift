import Foundation

extension PerformanceSpec {
    public static let maxTitleLength = 200
    /// Ten million won per ticket: far above any real face value, and low enough that a
    /// basket total can never come near overflowing `Int`.
    public static let maxPrice = 10_000_000
    public static let holdSecondsRange = 30...3_600
    public static let seatsPerOrderRange = 1...20
    public static let maxRatePerSecond = 10_000.0
    public static let tokenTTLRange = 30...86_400
    /// The summary kind of seats a performance lists in two grades or twice in one.
    public static let repeatedSeatsKind = "seats listed more than once"

    /// Throws every broken rule at once. Venue seats that no grade lists are allowed: they are
    /// simply not for sale in this performance.
    public func validate(against layout: VenueLayout) throws(ValidationError) {
        var found = CappedProblems()
        checkTitle(into: &found)
        checkGrades(against: layout, into: &found)
        checkTimesAndLimits(into: &found)
        checkAdmission(into: &found)
        let all = found.all
        if !all.isEmpty { throw ValidationError(all) }
    }

    private func checkTitle(into found: inout CappedProblems) {
        if title.allSatisfy(\.isWhitespace) {
            found.add(.titleEmpty)
        } else if title.unicodeScalars.count > Self.maxTitleLength {
            // Code points, as the wire contract's maxLength counts them.
            found.add(.titleTooLong, ["length": "\(title.unicodeScalars.count)", "max": "\(Self.maxTitleLength)"])
        }
    }

    private func checkGrades(against layout: VenueLayout, into found: inout CappedProblems) {
        if grades.isEmpty { found.add(.gradesEmpty) }
        let venueSeats = Set(layout.seats.map(\.id))
        var gradeOfSeat: [String: String] = [:]
        var seenNames: Set<String> = []
        for grade in grades {
            let named = ["grade": grade.grade]
            if grade.grade.allSatisfy(\.isWhitespace) {
                found.add(.gradeNameEmpty)
            } else if !seenNames.insert(grade.grade).inserted {
                found.add(.gradeRepeated, named)
            }
            if grade.price <= 0 {
                found.add(.gradePriceNotPositive, ["grade": grade.grade, "price": grade.price.grouped])
            } else if grade.price > Self.maxPrice {
                found.add(.gradePriceTooHigh, ["grade": grade.grade, "price": grade.price.grouped,
                                               "max": Self.maxPrice.grouped])
            }
            if grade.seatIds.isEmpty { found.add(.gradeNoSeats, named) }
            checkSeats(of: grade, venueSeats: venueSeats, gradeOfSeat: &gradeOfSeat, into: &found)
        }
    }

    private func checkSeats(of grade: GradeSpec, venueSeats: Set<String>,
                            gradeOfSeat: inout [String: String], into found: inout CappedProblems) {
        var unknown: [String] = []
        for seatId in grade.seatIds {
            guard venueSeats.contains(seatId) else {
                unknown.append(seatId)
                continue
            }
            if let earlier = gradeOfSeat[seatId] {
                let problem = earlier == grade.grade
                    ? Problem(.seatTwiceInGrade, ["seat": seatId, "grade": grade.grade])
                    : Problem(.seatInTwoGrades, ["seat": seatId, "earlier": earlier, "grade": grade.grade])
                found.add(problem, kind: Self.repeatedSeatsKind)
            } else {
                gradeOfSeat[seatId] = grade.grade
            }
        }
        if !unknown.isEmpty {
            let shown = unknown.prefix(5).map { "'\($0)'" }.joined(separator: ", ")
            let code: ProblemCode = unknown.count == 1 ? .gradeUnknownSeat
                : unknown.count > 5 ? .gradeUnknownSeatsAndMore : .gradeUnknownSeats
            var params = ["grade": grade.grade, "count": unknown.count.grouped, "seats": shown]
            if unknown.count > 5 { params["more"] = (unknown.count - 5).grouped }
            found.add(code, params)
        }
    }

    private func checkTimesAndLimits(into found: inout CappedProblems) {
        if saleOpensAt >= startsAt {
            found.add(.saleOpensAfterStart)
        }
        if !Self.holdSecondsRange.contains(holdSeconds) {
            found.add(.holdSecondsRange, ["value": "\(holdSeconds)", "min": "\(Self.holdSecondsRange.lowerBound)",
                                          "max": Self.holdSecondsRange.upperBound.grouped])
        }
        if !Self.seatsPerOrderRange.contains(maxSeatsPerOrder) {
            found.add(.seatsPerOrderRange, ["value": "\(maxSeatsPerOrder)", "min": "\(Self.seatsPerOrderRange.lowerBound)",
                                            "max": "\(Self.seatsPerOrderRange.upperBound)"])
        }
    }

    private func checkAdmission(into found: inout CappedProblems) {
        let rate = admission.ratePerSecond
        if !rate.isFinite || rate <= 0 || rate > Self.maxRatePerSecond {
            found.add(.admissionRateRange, ["value": "\(rate)", "max": Int(Self.maxRatePerSecond).grouped])
        }
        if admission.maxActive < 1 {
            found.add(.admissionMaxActive, ["value": "\(admission.maxActive)"])
        }
        let ttl = admission.tokenTTLSeconds
        if !Self.tokenTTLRange.contains(ttl) {
            found.add(.admissionTokenTTLRange, ["value": "\(ttl)", "min": "\(Self.tokenTTLRange.lowerBound)",
                                                "max": Self.tokenTTLRange.upperBound.grouped])
        }
        if let cutoff = refundCutoffHours, !(0...8_760).contains(cutoff) {
            found.add(.refundCutoffRange, ["value": "\(cutoff)"])
        }
    }
}
