import Foundation
import Testing
import TicketingClient
import TicketingProtocol

/// The real `qticket` in tmux: a buyer's ticket with its QR code, and the door scanning it.
@Suite("Tickets and the door in tmux", .enabled(if: TmuxSession.available && TmuxSession.qticket != nil))
struct TicketTmuxTests {
    @Test(.timeLimit(.minutes(1)))
    func theBuyersTicketThenTheDoorAdmitsItOnce() async throws {
        let fixture = try await TicketFixture.make(seats: 1)
        defer { Task { await fixture.server.stop() } }
        let binary = try #require(TmuxSession.qticket)
        let server = "http://127.0.0.1:\(fixture.server.port)"

        let buyer = TmuxSession()
        defer { buyer.kill() }
        try buyer.start("\(binary.path) --server \(server)", width: 80, height: 24)
        try await buyer.logIn(fixture.checkout.auth.user.email, password: "correct horse")
        try await buyer.waitFor("t tickets")
        try buyer.send("t")
        let ticket = try await buyer.waitFor("VALID · show this code at the door")
        let code = fixture.tickets[0].code
        // The code as text, hard-wrapped beside the QR code.
        #expect(ticket.replacingOccurrences(of: " ", with: "").contains(String(code.prefix(40))))
        #expect(ticket.contains("\u{1FB0F}") || ticket.unicodeScalars.contains { (0x1FB00...0x1FB3B).contains($0.value) })

        let email = "door-\(UUID().uuidString)@example.com"
        _ = try await fixture.show.seller.createDoorAccount(CreateDoorAccountRequest(email: email, password: "door password",
                                                                                     name: "North door"))
        let door = TmuxSession()
        defer { door.kill() }
        try door.start("QTICKET_PASSWORD='door password' \(binary.path) checkin --server \(server) "
                       + "--performance \(fixture.show.performance.id) --email \(email) --gate North",
                       width: 80, height: 24)
        try await door.waitFor("Ready — scan a ticket")
        try await door.waitFor("In 0 / sold 1")
        // A scanner types the code and Enter in one burst.
        try door.type(code)
        try door.send("Enter")
        let admitted = try await door.waitFor("A D M I T")
        #expect(admitted.contains("In 1 / sold 1"))
        try door.type(code)
        try door.send("Enter")
        let again = try await door.waitFor("A L R E A D Y   I N")
        #expect(again.contains("at gate North"))
        try door.type("QT1.not.a-ticket")
        try door.send("Enter")
        try await door.waitFor("I N V A L I D")

        try buyer.send("r")
        try await buyer.waitFor("CHECKED IN")
        try door.send("C-c")
        let end = try await door.waitFor("exit status")
        #expect(end.contains("exit status 0"))
    }
}
