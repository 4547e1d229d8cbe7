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

    /// Throws every broken rule at once. Venue seats that no grade lists are allowed: they are
    /// simply not for sale in this performance.
    public func validate(against layout: VenueLayout) throws(ValidationError) {
        var found = CappedProblems()
        checkTitle(into: &found)
        checkGrades(against: layout, into: &found)
        checkTimesAndLimits(into: &found)
        checkAdmission(into: &found)
        let messages = found.all
        if !messages.isEmpty { throw ValidationError(messages) }
    }

    private func checkTitle(into found: inout CappedProblems) {
        if title.allSatisfy(\.isWhitespace) {
            found.add("the title must not be empty")
        } else if title.unicodeScalars.count > Self.maxTitleLength {
            // Code points, as the wire contract's maxLength counts them.
            found.add("the title is \(title.unicodeScalars.count) characters long; the limit is \(Self.maxTitleLength)")
        }
    }

    private func checkGrades(against layout: VenueLayout, into found: inout CappedProblems) {
        if grades.isEmpty { found.add("the performance needs at least one grade with seats") }
        let venueSeats = Set(layout.seats.map(\.id))
        var gradeOfSeat: [String: String] = [:]
        var seenNames: Set<String> = []
        for grade in grades {
            let label = "grade '\(grade.grade)'"
            if grade.grade.allSatisfy(\.isWhitespace) {
                found.add("every grade needs a name")
            } else if !seenNames.insert(grade.grade).inserted {
                found.add("\(label) appears more than once; merge its seats into one grade")
            }
            if grade.price <= 0 {
                found.add("\(label) has price \(grade.price.grouped) KRW; a price must be more than 0")
            } else if grade.price > Self.maxPrice {
                found.add("\(label) has price \(grade.price.grouped) KRW; the limit is \(Self.maxPrice.grouped)")
            }
            if grade.seatIds.isEmpty { found.add("\(label) has no seats") }
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
                let message = earlier == grade.grade
                    ? "seat '\(seatId)' is listed twice in grade '\(grade.grade)'"
                    : "seat '\(seatId)' is in both grade '\(earlier)' and grade '\(grade.grade)'"
                found.add(message, kind: "seats listed more than once")
            } else {
                gradeOfSeat[seatId] = grade.grade
            }
        }
        if !unknown.isEmpty {
            let shown = unknown.prefix(5).map { "'\($0)'" }.joined(separator: ", ")
            let more = unknown.count > 5 ? " and \((unknown.count - 5).grouped) more" : ""
            let noun = unknown.count == 1 ? "seat that is" : "seats that are"
            found.add("grade '\(grade.grade)' lists \(unknown.count.grouped) \(noun) not in the venue: \(shown)\(more)")
        }
    }

    private func checkTimesAndLimits(into found: inout CappedProblems) {
        if saleOpensAt >= startsAt {
            found.add("the sale must open before the show starts")
        }
        if !Self.holdSecondsRange.contains(holdSeconds) {
            found.add("holdSeconds is \(holdSeconds); it must be between \(Self.holdSecondsRange.lowerBound) and \(Self.holdSecondsRange.upperBound.grouped)")
        }
        if !Self.seatsPerOrderRange.contains(maxSeatsPerOrder) {
            found.add("maxSeatsPerOrder is \(maxSeatsPerOrder); it must be between \(Self.seatsPerOrderRange.lowerBound) and \(Self.seatsPerOrderRange.upperBound)")
        }
    }

    private func checkAdmission(into found: inout CappedProblems) {
        let rate = admission.ratePerSecond
        if !rate.isFinite || rate <= 0 || rate > Self.maxRatePerSecond {
            found.add("admission.ratePerSecond is \(rate); it must be more than 0 and at most \(Int(Self.maxRatePerSecond).grouped) buyers per second")
        }
        if admission.maxActive < 1 {
            found.add("admission.maxActive is \(admission.maxActive); at least 1 buyer must be able to shop at a time")
        }
        let ttl = admission.tokenTTLSeconds
        if !Self.tokenTTLRange.contains(ttl) {
            found.add("admission.tokenTTLSeconds is \(ttl); it must be between \(Self.tokenTTLRange.lowerBound) and \(Self.tokenTTLRange.upperBound.grouped) seconds")
        }
        if let cutoff = refundCutoffHours, !(0...8_760).contains(cutoff) {
            found.add("refundCutoffHours is \(cutoff); it must be between 0 and 8,760 hours (a year)")
        }
    }
}
