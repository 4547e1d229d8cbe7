import Foundation
import TerminalUI
import TicketSigning
import TicketingClient
import TicketingProtocol

/// The door's effects: scans go to the server while it answers and are decided from the
/// downloaded list when it does not; offline admissions queue up (and are saved to `spool`, so
/// a crash loses none) until an upload succeeds. The one owner of the ledger and the queue.
public actor DoorDesk {
    private let api: APIClient
    private let performanceId: String
    private let gate: String?
    private let spool: URL?
    private var ledger: DoorLedger?
    private var listDownloadedAt: Date?
    private var mode: DoorState.Mode = .online
    private var serverCounts: CheckinSummaryDTO?
    private var seats: [String: String] = [:]
    /// Offline scans a previous run left in the spool, replayed onto the first list downloaded.
    private var carried: [CheckinBatchRequest.Item] = []
    /// The door's language: notices and seat labels are worded in it.
    private let language: Language

    public init(api: APIClient, performanceId: String, gate: String?, spool: URL?, language: Language = .en) {
        self.api = api
        self.language = language
        self.performanceId = performanceId
        self.gate = gate
        self.spool = spool
    }

    public func perform(_ effect: DoorEffect) async -> [DoorIntent] {
        switch effect {
        case .scan(let code, let at):
            let scan = await scan(code, at: at)
            return [.scanned(scan), status()]
        case .setOffline(let offline):
            mode = offline ? .offline(forced: true) : .online
            return await refresh()
        case .refresh:
            return await refresh()
        case .quit:
            return []
        }
    }

    /// The performance's title and a first list, before the first scan.
    public func start(now: Date) async -> [DoorIntent] {
        var intents: [DoorIntent] = []
        if let spool, let data = try? Data(contentsOf: spool),
           let saved = try? WireJSON.decode(CheckinBatchRequest.self, from: data) {
            carried = saved.checkins
        }
        if let show = try? await api.performance(performanceId), let me = try? await api.me() {
            intents.append(.identified(performanceTitle: show.title, door: me.user.name))
        }
        return intents + (await refresh())
    }

    private func scan(_ code: String, at: Date) async -> DoorState.Scan {
        if mode == .online {
            do {
                let entry = try await api.checkIn(CheckinRequest(code: code, gate: gate))
                ledger?.record(ticketId: entry.ticket.id, at: entry.checkedInAt, gate: entry.gate)
                serverCounts?.checkedIn += 1
                return DoorState.Scan(verdict: .admit, seat: label(entry.ticket), at: at, offline: false)
            } catch let error as APIError {
                return DoorState.Scan(verdict: Self.verdict(error, language: language), seat: seatLabel(code), at: at,
                                      offline: false)
            } catch {
                // The server is out of reach: this scan and the next are decided offline.
                mode = .offline(forced: false)
            }
        }
        guard var ledger else {
            return DoorState.Scan(verdict: .invalid("offline with no downloaded list: cannot check"), seat: nil, at: at,
                                  offline: true)
        }
        let verdict = ledger.scan(code, at: at, gate: gate)
        self.ledger = ledger
        saveSpool()
        switch verdict {
        case .admit(_, let seat):
            return DoorState.Scan(verdict: .admit, seat: seats[seat] ?? seat, at: at, offline: true)
        case .alreadyIn(_, let seat, let first, let gate):
            return DoorState.Scan(verdict: .alreadyIn(at: first, gate: gate), seat: seats[seat] ?? seat, at: at, offline: true)
        case .revoked(_, let seat):
            return DoorState.Scan(verdict: .revoked, seat: seats[seat] ?? seat, at: at, offline: true)
        case .invalid(let why):
            return DoorState.Scan(verdict: .invalid(why), seat: nil, at: at, offline: true)
        }
    }

    /// Uploads queued scans when online is wanted, then reloads counters and the list.
    private func refresh() async -> [DoorIntent] {
        var intents: [DoorIntent] = []
        if mode != .offline(forced: true) {
            do {
                if let pending = ledger?.pending, !pending.isEmpty {
                    let results = try await api.checkInBatch(CheckinBatchRequest(checkins: pending)).results
                    ledger?.uploaded(results)
                    saveSpool()
                    let conflicts = results.filter { $0.outcome != .accepted && $0.outcome != .duplicate }
                    let uploaded = conflicts.isEmpty
                        ? language.text("Uploaded {0} offline scans.", "\(results.count)")
                        : language.text("Uploaded {0} offline scans · {1} conflicts: {2}", "\(results.count)",
                                        "\(conflicts.count)",
                                        conflicts.prefix(3).map { Self.describe($0, language: language) }.joined(separator: "; "))
                    intents.append(.notice(uploaded, isError: !conflicts.isEmpty))
                }
                serverCounts = try await api.checkinSummary(performanceId: performanceId)
                let list = try await api.checkinList(performanceId: performanceId)
                let pending = (ledger?.pending ?? []) + carried
                carried = []
                ledger = DoorLedger(list)
                // Scans still queued (none after a good upload) are replayed onto the fresh list.
                for item in pending { _ = ledger?.scan(item.code, at: item.checkedInAt, gate: item.gate) }
                listDownloadedAt = list.generatedAt
                mode = .online
            } catch {
                if mode == .online { mode = .offline(forced: false) }
            }
        }
        return intents + [status()]
    }

    private func status() -> DoorIntent {
        let online = mode == .online
        return .status(checkedIn: online ? serverCounts?.checkedIn ?? ledger?.checkedInCount ?? 0 : ledger?.checkedInCount ?? 0,
                       tickets: online ? serverCounts?.tickets ?? ledger?.ticketCount ?? 0 : ledger?.ticketCount ?? 0,
                       pendingUploads: ledger?.pending.count ?? 0, mode: mode, listDownloadedAt: listDownloadedAt)
    }

    /// Why the server refused a scan: the door's catalog words for the codes it expects (the
    /// screen looks them up), the client's sentence for any other code of the API.
    public static func verdict(_ error: APIError, language: Language = .en) -> DoorState.Verdict {
        switch error.errorCode {
        case .alreadyCheckedIn: .alreadyIn(at: error.body?.checkedInAt ?? Date(), gate: error.body?.gate)
        case .ticketRevoked: .revoked
        case .invalidTicketCode: .invalid(error.message)
        case .forbidden: .invalid("a ticket for a performance this door does not serve")
        case .unauthorized: .invalid("the door's session has ended: start it again")
        default: .invalid(language.serverError(code: error.code, message: error.message, request: .tickets,
                                               retryAfter: error.retryAfter, body: error.body))
        }
    }

    static func describe(_ result: CheckinBatchResponse.Result, language lang: Language = .en) -> String {
        switch result.outcome {
        case .alreadyCheckedIn: result.gate.map { lang.text("already in at {0}", $0) } ?? lang.text("already in")
        case .ticketRevoked: lang.text("revoked")
        case .invalidTicketCode: lang.text("invalid code")
        case .forbidden: lang.text("not this door's")
        case .accepted, .duplicate: lang.text("ok")
        }
    }

    private func label(_ ticket: TicketDTO) -> String {
        let text = language.text("{0} · row {1} · seat {2}", ticket.section, ticket.row, "\(ticket.number)")
        seats[ticket.seatId] = text
        return text
    }

    private func seatLabel(_ code: String) -> String? {
        guard let seat = try? TicketCode.parse(code).claims.seatId else { return nil }
        return seats[seat] ?? seat
    }

    private func saveSpool() {
        guard let spool, let pending = ledger?.pending, let data = try? WireJSON.encode(CheckinBatchRequest(checkins: pending))
        else { return }
        try? data.write(to: spool, options: .atomic)
    }
}
