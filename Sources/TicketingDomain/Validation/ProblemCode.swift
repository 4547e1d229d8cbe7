/// Every rule user input can break, by a stable wire code (`problemDetails[].code` in
/// docs/API.md). `english` is the sentence with `{name}` where a parameter goes; the server's
/// `problems` strings are exactly these, filled in, and clients word the code in their own
/// language from the same parameters. New rules add a case (and, in the terminal client, its
/// Korean); a code never changes meaning.
public enum ProblemCode: String, Sendable, CaseIterable, Codable {
    // Hall files (docs/HALL_FORMAT.md)
    case hallUnknownSetting = "hall_unknown_setting", hallSettingAfterHeader = "hall_setting_after_header"
    case hallSettingRepeated = "hall_setting_repeated", hallNameEmpty = "hall_name_empty"
    case hallSizeSyntax = "hall_size_syntax", hallStageSyntax = "hall_stage_syntax"
    case hallGradeSyntax = "hall_grade_syntax", hallGradeAfterHeader = "hall_grade_after_header"
    case hallGradeName = "hall_grade_name", hallGradePriceSyntax = "hall_grade_price_syntax"
    case hallGradePriceRange = "hall_grade_price_range", hallGradeMark = "hall_grade_mark"
    case hallGradeRepeated = "hall_grade_repeated", hallGradeMarkTaken = "hall_grade_mark_taken"
    case hallGradeUnused = "hall_grade_unused"
    case hallSectionSyntax = "hall_section_syntax", hallSectionName = "hall_section_name"
    case hallSectionRepeated = "hall_section_repeated", hallSectionEmpty = "hall_section_empty"
    case hallGapOutsideSection = "hall_gap_outside_section", hallGapSyntax = "hall_gap_syntax"
    case hallGapRange = "hall_gap_range"
    case hallRowOutsideSection = "hall_row_outside_section", hallRowNoPattern = "hall_row_no_pattern"
    case hallRowSyntax = "hall_row_syntax", hallRowLabel = "hall_row_label"
    case hallRowRangeTooLong = "hall_row_range_too_long", hallRowRangeSyntax = "hall_row_range_syntax"
    case hallRowNoSeats = "hall_row_no_seats", hallRowRepeated = "hall_row_repeated"
    case hallUnknownMark = "hall_unknown_mark", hallUnknownMarkNoGrades = "hall_unknown_mark_no_grades"
    case hallBadMark = "hall_bad_mark", hallTooManySeats = "hall_too_many_seats"
    case hallMissingName = "hall_missing_name", hallMissingSize = "hall_missing_size"
    case hallMissingStage = "hall_missing_stage", hallNoGrades = "hall_no_grades"
    case hallUnreadable = "hall_unreadable"
    // Venue layouts
    case mapWidthTooSmall = "map_width_too_small", mapWidthTooLarge = "map_width_too_large"
    case mapHeightTooSmall = "map_height_too_small", mapHeightTooLarge = "map_height_too_large"
    case venueNoSeats = "venue_no_seats", venueTooManySeats = "venue_too_many_seats"
    case venueNameLength = "venue_name_length"
    case stageSize = "stage_size", stageOutsideMap = "stage_outside_map"
    case seatIdEmpty = "seat_id_empty", seatSectionEmpty = "seat_section_empty", seatRowEmpty = "seat_row_empty"
    case seatNumber = "seat_number", seatIdDuplicate = "seat_id_duplicate"
    case seatOutsideMap = "seat_outside_map", seatOnStage = "seat_on_stage", seatOverlap = "seat_overlap"
    /// The summary after the first few of one kind; `kind` is one of `ProblemCode.summaryKinds`.
    case moreProblems = "more_problems"
    // Performances
    case titleEmpty = "title_empty", titleTooLong = "title_too_long", gradesEmpty = "grades_empty"
    case gradeNameEmpty = "grade_name_empty", gradeRepeated = "grade_repeated"
    case gradePriceNotPositive = "grade_price_not_positive", gradePriceTooHigh = "grade_price_too_high"
    case gradeNoSeats = "grade_no_seats", seatTwiceInGrade = "seat_twice_in_grade"
    case seatInTwoGrades = "seat_in_two_grades", gradeUnknownSeat = "grade_unknown_seat"
    case gradeUnknownSeats = "grade_unknown_seats", gradeUnknownSeatsAndMore = "grade_unknown_seats_and_more"
    case saleOpensAfterStart = "sale_opens_after_start", holdSecondsRange = "hold_seconds_range"
    case seatsPerOrderRange = "seats_per_order_range", admissionRateRange = "admission_rate_range"
    case admissionMaxActive = "admission_max_active", admissionTokenTTLRange = "admission_token_ttl_range"
    case refundCutoffRange = "refund_cutoff_range"
    // Coupons
    case couponKindUnknown = "coupon_kind_unknown", couponAmountNotPositive = "coupon_amount_not_positive"
    case couponAmountTooHigh = "coupon_amount_too_high", couponAmountMissing = "coupon_amount_missing"
    case couponPercentOnFixed = "coupon_percent_on_fixed", couponMaxDiscountOnFixed = "coupon_max_discount_on_fixed"
    case couponPercentRange = "coupon_percent_range", couponPercentMissing = "coupon_percent_missing"
    case couponMaxDiscountRange = "coupon_max_discount_range", couponAmountOnPercentage = "coupon_amount_on_percentage"
    case couponNameEmpty = "coupon_name_empty", couponNameTooLong = "coupon_name_too_long"
    case couponGradeWithoutPerformance = "coupon_grade_without_performance"
    case couponGradeUnknown = "coupon_grade_unknown", couponQuantityRange = "coupon_quantity_range"
    case couponMinSpendRange = "coupon_min_spend_range", couponExpired = "coupon_expired"
    case couponClaimAfterExpiry = "coupon_claim_after_expiry"
    // Accounts
    case emailFormat = "email_format", passwordTooShort = "password_too_short"
    case passwordTooLong = "password_too_long", userNameLength = "user_name_length", roleChoice = "role_choice"
    // The demo catalog (read by `qticketd demo`; never sent to a client)
    case demoVenueRepeated = "demo_venue_repeated", demoHallPath = "demo_hall_path"
    case demoHallNotLoaded = "demo_hall_not_loaded", demoUnknownVenue = "demo_unknown_venue"
    case demoPriceUnknownGrade = "demo_price_unknown_grade", demoUnknownLoadedVenue = "demo_unknown_loaded_venue"
    case demoEndedDaysAgo = "demo_ended_days_ago", demoTicketsPerDay = "demo_tickets_per_day"
    case demoSeatsPerOrder = "demo_seats_per_order", demoOversold = "demo_oversold"
}
