import Foundation
import Testing
@testable import TicketingPostgres

@Suite("PostgreSQL text values without a server")
struct PostgresValueTests {
    @Test func timestampsRoundTripToTheMicrosecond() throws {
        let instants = [0, 1_733_442_703.123456, -86_400.5, 4_102_444_800.000001, 951_782_400] // incl. 2000-02-29
        for seconds in instants {
            let date = Date(timeIntervalSince1970: seconds)
            let text = date.postgresText.replacingOccurrences(of: "T", with: " ").replacingOccurrences(of: "Z", with: "+00")
            let back = try Date(postgresText: text)
            #expect(abs(back.timeIntervalSince1970 - seconds) < 0.000_001, "\(text)")
        }
        #expect(Date(timeIntervalSince1970: 951_782_400).postgresText == "2000-02-29T00:00:00.000000Z")
        #expect(try Date(postgresText: "2026-12-05 23:51:43.5+00") == Date(timeIntervalSince1970: 1_796_514_703.5))
        #expect(throws: PostgresError.self) { try Date(postgresText: "2026-12-05 23:51:43+09") }
    }

    @Test func byteaIsHex() throws {
        #expect(PostgresBytes([0, 15, 16, 255]).postgresText == "\\x000f10ff")
        #expect(try PostgresBytes(postgresText: "\\x000f10ff").bytes == [0, 15, 16, 255])
        #expect(throws: PostgresError.self) { try PostgresBytes(postgresText: "\\x0g") }
    }
}
