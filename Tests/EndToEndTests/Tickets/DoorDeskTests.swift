import Foundation
import Testing
import TerminalApp
import TerminalUI
import TicketSigning
import TicketingClient
import TicketingProtocol

@Suite("The door client: online scans, offline scans, upload")
struct DoorDeskTests {
    static func scan(_ intents: [DoorIntent]) -> DoorState.Scan? {
        for intent in intents { if case .scanned(let scan) = intent { return scan } }
        return nil
    }

    static func status(_ intents: [DoorIntent]) -> (checkedIn: Int, tickets: Int, pending: Int, mode: DoorState.Mode)? {
        for intent in intents.reversed() {
            if case .status(let checkedIn, let tickets, let pending, let mode, _) = intent {
                return (checkedIn, tickets, pending, mode)
            }
        }
        return nil
    }

    /// A refusal the door has no words of its own for is worded by its API code, in Korean too,
    /// not shown as the server's English.
    @Test func otherRefusalsAreWordedByTheirCode() {
        let limited = APIError(status: 429, code: "rate_limited", message: "too many requests; retry in 3 s", retryAfter: 3)
        #expect(DoorDesk.verdict(limited, language: .ko) == .invalid("요청이 너무 많습니다 — 3초 후에 다시 시도하세요."))
        #expect(DoorDesk.verdict(limited) == .invalid("Too many requests — try again in 3 s."))
        let newer = APIError(status: 418, code: "teapot", message: "short and stout")
        #expect(DoorDesk.verdict(newer, language: .ko) == .invalid("short and stout (teapot)"))
    }

    @Test func offlineScansAreDecidedFromTheListAndUploadedWithConflictsReported() async throws {
        let fixture = try await TicketFixture.make(seats: 3)
        defer { Task { await fixture.server.stop() } }
        let spool = FileManager.default.temporaryDirectory.appendingPathComponent("door-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: spool) }
        let desk = DoorDesk(api: try await fixture.door("Side"), performanceId: fixture.show.performance.id,
                            gate: "Side", spool: spool)
        let started = await desk.start(now: Date())
        #expect(started.contains { if case .identified(let title, _) = $0 { title == fixture.show.performance.title } else { false } })
        #expect(Self.status(started)?.tickets == 3)

        let codes = fixture.tickets.map(\.code)
        let online = await desk.perform(.scan(code: codes[0], at: Date()))
        #expect(Self.scan(online)?.verdict == .admit && Self.scan(online)?.offline == false)

        // The server is cut off by hand (F2); meanwhile another door lets ticket 2 in online.
        _ = await desk.perform(.setOffline(true))
        _ = try await fixture.door("Main").checkIn(CheckinRequest(code: codes[1], gate: "Main"))
        let again = await desk.perform(.scan(code: codes[0], at: Date()))
        #expect({ if case .alreadyIn = Self.scan(again)?.verdict { true } else { false } }())
        let second = await desk.perform(.scan(code: codes[1], at: Date()))
        let third = await desk.perform(.scan(code: codes[2], at: Date()))
        #expect(Self.scan(second)?.verdict == .admit && Self.scan(second)?.offline == true)
        #expect(Self.scan(third)?.verdict == .admit)
        let forged = await desk.perform(.scan(code: TicketFixture.unsignedCode(performanceId: fixture.show.performance.id),
                                              at: Date()))
        #expect({ if case .invalid = Self.scan(forged)?.verdict { true } else { false } }())
        #expect(Self.status(third)?.pending == 2 && Self.status(third)?.mode == .offline(forced: true))
        // Saved, so a crash before the upload loses nothing.
        let spooled = try WireJSON.decode(CheckinBatchRequest.self, from: Data(contentsOf: spool))
        #expect(spooled.checkins.map(\.code) == [codes[1], codes[2]])

        // Back online: the queue goes up; ticket 2's conflict (Main was first) is reported.
        let back = await desk.perform(.setOffline(false))
        let notice = back.compactMap { if case .notice(let text, let isError) = $0 { (text, isError) } else { nil } }.first
        #expect(notice?.1 == true && notice?.0.contains("1 conflicts") == true && notice?.0.contains("Main") == true)
        #expect(Self.status(back)?.pending == 0 && Self.status(back)?.mode == .online && Self.status(back)?.checkedIn == 3)
        let list = try await fixture.show.seller.checkinList(performanceId: fixture.show.performance.id)
        #expect(list.checkedIn.first { $0.id == fixture.tickets[1].id }?.gate == "Main")
        #expect(list.checkedIn.first { $0.id == fixture.tickets[2].id }?.gate == "Side")
    }

    @Test func aLostServerSwitchesToOfflineByItself() async throws {
        let fixture = try await TicketFixture.make(seats: 1)
        let desk = DoorDesk(api: try await fixture.door(), performanceId: fixture.show.performance.id, gate: nil, spool: nil)
        _ = await desk.start(now: Date())
        await fixture.server.stop()
        let scan = await desk.perform(.scan(code: fixture.tickets[0].code, at: Date()))
        #expect(Self.scan(scan)?.verdict == .admit && Self.scan(scan)?.offline == true)
        #expect(Self.status(scan)?.mode == .offline(forced: false) && Self.status(scan)?.pending == 1)

        // The server comes back (same data, same port): the next refresh uploads and goes online.
        let port = fixture.server.port
        let restarted = try await TestServer.start(dataDirectory: fixture.server.dataDirectory) { $0.port = port }
        defer { Task { await restarted.stop() } }
        let back = await desk.perform(.refresh)
        #expect(back.contains(.notice("Uploaded 1 offline scans.", isError: false)))
        #expect(Self.status(back)?.mode == .online && Self.status(back)?.pending == 0 && Self.status(back)?.checkedIn == 1)
        let list = try await fixture.show.seller.checkinList(performanceId: fixture.show.performance.id)
        #expect(list.checkedIn.map(\.id) == [fixture.tickets[0].id])
    }
}

@Suite("Door ledger: offline decisions")
struct DoorLedgerTests {
    @Test func decidesFromTheListAndKeysVersionsAndRevocations() throws {
        let keys = Ed25519.generate()
        let other = Ed25519.generate()
        func code(_ id: String, version: Int = 1, key: [UInt8]? = nil) -> String {
            TicketCode.make(TicketClaims(ticketId: id, performanceId: "prf_a", seatId: "S-\(id)", version: version),
                            privateKey: key ?? keys.privateKey)
        }
        let list = CheckinListDTO(performanceId: "prf_a", publicKey: Data(keys.publicKey).base64EncodedString(),
                                  generatedAt: Date(), tickets: [.init(id: "t1", version: 1, seatId: "S-t1"),
                                                                 .init(id: "t2", version: 2, seatId: "S-t2")],
                                  revoked: ["t3"], checkedIn: [])
        var ledger = try #require(DoorLedger(list))
        let now = Date()
        #expect(ledger.scan(code("t1"), at: now, gate: "A") == .admit(ticketId: "t1", seatId: "S-t1"))
        #expect(ledger.scan(code("t1"), at: now, gate: "B") == .alreadyIn(ticketId: "t1", seatId: "S-t1", at: now, gate: "A"))
        #expect(ledger.scan(code("t2"), at: now, gate: nil) == .invalid("an older version of the ticket"))
        #expect(ledger.scan(code("t3"), at: now, gate: nil) == .revoked(ticketId: "t3", seatId: "S-t3"))
        #expect(ledger.scan(code("t9"), at: now, gate: nil) == .invalid("not on the downloaded list"))
        #expect(ledger.scan(code("t2", version: 2, key: other.privateKey), at: now, gate: nil)
                == .invalid("signature does not match this performance"))
        #expect(ledger.scan("QT1.x.y", at: now, gate: nil) == .invalid("not a ticket code"))
        #expect(ledger.pending.map(\.code) == [code("t1")] && ledger.checkedInCount == 1 && ledger.ticketCount == 2)
        ledger.uploaded([.init(code: code("t1"), outcome: .accepted)])
        #expect(ledger.pending.isEmpty)
    }
}
