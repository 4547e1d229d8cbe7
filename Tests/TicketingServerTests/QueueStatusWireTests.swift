import Foundation
import Testing
import TicketingProtocol

/// The hand-written `queue.status` bytes are exactly what `WireJSON.encode` writes, for every
/// shape the push takes (optional fields present or not) and strings that need escaping.
@Suite("queue.status wire bytes")
struct QueueStatusWireTests {
    static let statuses: [QueueStatusDTO] = [
        QueueStatusDTO(state: "waiting", position: 1_234, ahead: 1_233, etaSeconds: 61, mayMissOut: false),
        QueueStatusDTO(state: "admitted", position: nil, ahead: nil, etaSeconds: nil, mayMissOut: false),
        QueueStatusDTO(state: "sold_out", position: 0, ahead: 0, etaSeconds: 0, mayMissOut: true),
        QueueStatusDTO(state: "waiting", position: 7, ahead: nil, etaSeconds: -3, mayMissOut: true, preQueue: true),
        QueueStatusDTO(state: "closed", position: Int.max, ahead: Int.min, etaSeconds: nil, mayMissOut: false),
    ]
    static let ids = ["prf_0a1b2c3d4e5f6a7b8c9d", "", "a/b \"q\" \\ \n\t\r\u{08}\u{0C}\u{01}\u{1F}", "좌석 ✓ e\u{301}"]

    @Test(arguments: statuses)
    func matchesTheEncoder(status: QueueStatusDTO) throws {
        for id in Self.ids {
            let push = QueueStatusPush(performanceId: id, status: status)
            let expected = try WireJSON.encode(push)
            let text = { (data: Data) in String(decoding: data, as: UTF8.self) }
            #expect(push.wireJSON == expected, "\(text(push.wireJSON)) vs \(text(expected))")
            #expect(try WireJSON.decode(QueueStatusPush.self, from: push.wireJSON) == push)
        }
    }
}
