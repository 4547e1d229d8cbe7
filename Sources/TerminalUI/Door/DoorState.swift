import Foundation

/// The door screen's data: one field a USB scanner types into, the last verdict in large
/// letters, counters, and whether scans go to the server or are decided offline.
public struct DoorState: Sendable, Equatable {
    public enum Mode: Sendable, Equatable {
        case online
        /// Decided from the downloaded list; `forced` = chosen with F2 rather than a lost server.
        case offline(forced: Bool)
    }

    public enum Verdict: Sendable, Equatable {
        case admit
        case alreadyIn(at: Date, gate: String?)
        case revoked
        case invalid(String)
    }

    public struct Scan: Sendable, Equatable {
        public var verdict: Verdict
        /// "FLOOR-A 3-12" when the code named a seat.
        public var seat: String?
        public var at: Date
        public var offline: Bool

        public init(verdict: Verdict, seat: String?, at: Date, offline: Bool) {
            self.verdict = verdict
            self.seat = seat
            self.at = at
            self.offline = offline
        }
    }

    public static let maxInput = 1_024
    public static let historyLength = 50

    public var size: Size
    public var now: Date
    public var timeZone: TimeZone
    public var server: String
    public var performanceId: String
    public var performanceTitle: String?
    public var gate: String?
    public var door: String?
    public var input = ""
    public var mode: Mode = .online
    /// Newest first.
    public var scans: [Scan] = []
    public var checkedIn = 0
    public var tickets = 0
    /// Offline scans waiting to be uploaded.
    public var pendingUploads = 0
    public var listDownloadedAt: Date?
    public var notice: Notice?
    /// Scans sent and not answered yet (the field stays usable: a queue at the door never waits).
    public var inFlight = 0
    /// English or Korean, as the buyer's client chooses (`LANG`/`LC_ALL`).
    public var language = Language.en

    public init(size: Size, now: Date, timeZone: TimeZone, server: String, performanceId: String, gate: String?) {
        self.size = size
        self.now = now
        self.timeZone = timeZone
        self.server = server
        self.performanceId = performanceId
        self.gate = gate
    }

    public var last: Scan? { scans.first }
}

/// What the door's keys and its runner's answers mean.
public enum DoorIntent: Sendable, Equatable {
    case type(Character)
    case deleteBackward
    case clearInput
    case submit
    case toggleOffline
    case refresh
    case resized(Size)
    case tick(Date)
    case scanned(DoorState.Scan)
    /// Counters and mode as the runner sees them after a scan, a download or an upload.
    case status(checkedIn: Int, tickets: Int, pendingUploads: Int, mode: DoorState.Mode, listDownloadedAt: Date?)
    case identified(performanceTitle: String, door: String)
    case notice(String, isError: Bool)
    case quit
}

public enum DoorEffect: Sendable, Equatable {
    case scan(code: String, at: Date)
    case setOffline(Bool)
    /// Counters from the server, a fresh list, and an upload of offline scans when online again.
    case refresh
    case quit
}
