import Testing
@testable import TicketingDomain

@Suite struct UserKeyTests {
    @Test(arguments: ["usr_0123456789abcdef0123", "", "a", "u-15-bytes-long", "exactly-24-bytes-long-id",
                      "twenty-five-bytes-long-id", "한국어 아이디", "nul\u{0}inside"])
    func idRoundTripsAndEqualityFollowsTheId(id: String) {
        let key = UserKey(id)
        #expect(key.id == id)
        #expect(key == UserKey(String(decoding: Array(id.utf8), as: UTF8.self)))
        #expect(key != UserKey(id + "x"))
    }

    @Test func idsThatFitArePackedAndOthersKeptWhole() {
        guard case .packed = UserKey("usr_0123456789abcdef0123") else { Issue.record("a server id is packed"); return }
        guard case .other = UserKey("twenty-five-bytes-long-id") else { Issue.record("25 bytes stay a String"); return }
        guard case .other = UserKey("nul\u{0}") else { Issue.record("a NUL would read as the end"); return }
    }

    @Test func aShorterIdIsNotAPrefixMatch() {
        #expect(UserKey("usr_1") != UserKey("usr_10"))
        #expect(UserKey("abc") != UserKey("abc\u{0}"))
    }
}
