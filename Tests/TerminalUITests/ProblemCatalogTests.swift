import Foundation
import Testing
@testable import TerminalUI
import TicketingDomain
import TicketingProtocol

/// Validation problems and the server's error codes in both languages: every code the domain and
/// the server can send (read from their enums, not copied here) has Korean with the same
/// parameters, and a known code never falls back to the server's English.
@Suite struct ProblemCatalogTests {
    static func placeholders(_ template: String) -> Set<String> {
        Set(template.matches(of: /\{([A-Za-z]+)\}/).map { String($0.1) })
    }

    static func hasHangul(_ text: String) -> Bool {
        text.unicodeScalars.contains { (0xAC00...0xD7A3).contains($0.value) }
    }

    /// The codes whose Korean is missing or names other parameters than the English.
    static func untranslated(_ catalog: [ProblemCode: String]) -> [String] {
        ProblemCode.allCases.compactMap { code in
            guard let korean = catalog[code] else { return "\(code.rawValue): no Korean" }
            let english = placeholders(code.english), ours = placeholders(korean)
            return english == ours ? nil : "\(code.rawValue): \(english.sorted()) ≠ \(ours.sorted())"
        }
    }

    @Test func everyProblemCodeHasKoreanWithTheSameParameters() {
        #expect(ProblemCode.allCases.count > 100)
        #expect(Self.untranslated(Language.koreanProblems).isEmpty,
                Comment(rawValue: Self.untranslated(Language.koreanProblems).joined(separator: "\n")))
        for kind in ProblemCode.summaryKinds {
            #expect(Language.koreanProblemKinds[kind] != nil, "\(kind)")
        }
    }

    /// The check above sees a code left out and a parameter dropped.
    @Test func theCheckCatchesAMissingOrBrokenEntry() {
        var catalog = Language.koreanProblems
        catalog[.seatOnStage] = nil
        catalog[.hallGradeRepeated] = "'{grade}' 등급은 이미 있습니다"
        #expect(Self.untranslated(catalog) == ["hall_grade_repeated: [\"earlier\", \"grade\"] ≠ [\"grade\"]",
                                              "seat_on_stage: no Korean"])
    }

    /// English is the domain's own sentence, so the client words a problem exactly as the server does.
    @Test func englishIsTheServersMessage() throws {
        let problems: [Problem]
        do throws(ValidationError) {
            _ = try HallFile.parse("name: Test\nsize: 10x5\nstage: 0,0 4x1\ngrade R 1000\nsection A at 0,2\nB RR\nA RQ\n")
            problems = []
        } catch {
            problems = error.details
        }
        #expect(problems.map { Language.en.problem($0) } == problems.map(\.message))
        #expect(problems.map { Language.en.problem(ProblemDetail($0)) } == ["line 7: unknown grade 'Q' (declared: R)"])
        #expect(problems.map { Language.ko.problem(ProblemDetail($0)) } == ["7번째 줄: 알 수 없는 등급 'Q' (선언된 등급: R)"])
    }

    @Test func koreanWordsTheSummaryKindAndKeepsTheFileName() {
        let more = Problem(.moreProblems, ["count": "15", "kind": "seats outside the map"])
        #expect(Language.en.problem(more) == "…and 15 more seats outside the map")
        #expect(Language.ko.problem(more) == "…외 배치도 밖 좌석 15건")
        let unread = Problem(.hallSectionEmpty, ["section": "FLOOR"], line: 12, source: "arena.hall")
        #expect(Language.ko.problem(unread) == "arena.hall: 12번째 줄: 'FLOOR' 구역에 줄이 없습니다")
    }

    /// A parameter holding braces (a mistyped line) is never read as a placeholder.
    @Test func parametersAreFilledInOnePass() {
        #expect(Problem.fill("got '{value}', {key}", ["value": "{key}", "key": "size"]) == "got '{key}', size")
        #expect(Problem.fill("open {brace", ["brace": "x"]) == "open {brace")
    }

    /// Every code of the closed set, for every request, reads as a sentence of the catalog in
    /// both languages — never the server's text passed through.
    @Test func everyServerErrorCodeIsWordedInBothLanguages() {
        let serverText = "SERVER TEXT"
        let body = ErrorBody(code: .badRequest, message: serverText, problems: [serverText],
                             problemDetails: [ProblemDetail(Problem(.couponNameEmpty))])
        for code in ErrorCode.allCases {
            for request in Request.allCases {
                let english = Language.en.serverError(code: code.rawValue, message: serverText, request: request,
                                                      body: body)
                let korean = Language.ko.serverError(code: code.rawValue, message: serverText, request: request,
                                                     body: body)
                #expect(!english.contains(serverText) && !korean.contains(serverText), "\(code) \(request)")
                #expect(Self.hasHangul(korean) && !Self.hasHangul(english), "\(code) \(request): \(korean)")
            }
        }
        // The control: a code this client does not know shows the server's own words.
        #expect(Language.ko.serverError(code: "brand_new", message: serverText, request: .order)
            == "SERVER TEXT (brand_new)")
    }

    /// A 400 without problem details (a body the client built wrong) keeps the server's words after Korean.
    @Test func aBadRequestWithoutProblemsKeepsTheServersWords() {
        #expect(Language.ko.serverError(code: "bad_request", message: "the body is not valid JSON", request: .auth)
            == "서버가 거부했습니다: the body is not valid JSON")
        let two = ErrorBody(code: .badRequest, message: "x", problemDetails: [
            ProblemDetail(Problem(.emailFormat)), ProblemDetail(Problem(.passwordTooShort)),
        ])
        #expect(Language.ko.serverError(code: "bad_request", message: "x", request: .auth, body: two)
            == "이메일은 name@example.com 형식이어야 합니다 (외 1건)")
    }
}
