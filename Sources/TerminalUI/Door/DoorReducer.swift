import Foundation

/// The door's reducer: pure, like the app's. Scans are decided by the runner (server or
/// downloaded list) and come back as `.scanned`.
public enum DoorReducer {
    /// How often counters refresh and offline scans try to upload.
    public static let refreshSeconds = 10

    public static func reduce(_ state: DoorState, _ intent: DoorIntent) -> (DoorState, [DoorEffect]) {
        var state = state
        var effects: [DoorEffect] = []
        switch intent {
        case .type(let character):
            if state.input.count < DoorState.maxInput { state.input.append(character) }
        case .deleteBackward:
            if !state.input.isEmpty { state.input.removeLast() }
        case .clearInput:
            state.input = ""
        case .submit:
            let code = state.input.trimmingCharacters(in: .whitespacesAndNewlines)
            state.input = ""
            guard !code.isEmpty else { break }
            state.inFlight += 1
            effects.append(.scan(code: code, at: state.now))
        case .toggleOffline:
            let goOffline = state.mode == .online
            state.mode = goOffline ? .offline(forced: true) : .online
            state.notice = Notice(goOffline ? state.language.text("Offline: deciding from the downloaded list.")
                                  : state.language.text("Back online: uploading…"), now: state.now)
            effects.append(.setOffline(goOffline))
        case .refresh:
            effects.append(.refresh)
        case .resized(let size):
            state.size = size
        case .tick(let now):
            state.now = now
            if let notice = state.notice, notice.expiresAt <= now { state.notice = nil }
            if Int(now.timeIntervalSince1970) % refreshSeconds == 0 { effects.append(.refresh) }
        case .scanned(let scan):
            state.inFlight = max(0, state.inFlight - 1)
            state.scans.insert(scan, at: 0)
            if state.scans.count > DoorState.historyLength { state.scans.removeLast() }
        case .status(let checkedIn, let tickets, let pending, let mode, let downloadedAt):
            state.checkedIn = checkedIn
            state.tickets = tickets
            state.pendingUploads = pending
            state.mode = mode
            state.listDownloadedAt = downloadedAt
        case .identified(let title, let door):
            state.performanceTitle = title
            state.door = door
        case .notice(let text, let isError):
            state.notice = Notice(text, isError: isError, now: state.now)
        case .quit:
            effects.append(.quit)
        }
        return (state, effects)
    }

    /// A scanner types printable characters then Enter; everything else is a function key so
    /// no code can trigger an action by the letters it contains.
    public static func intent(for event: InputEvent) -> DoorIntent? {
        switch event {
        case .resize(let size): return .resized(size)
        case .mouse: return nil
        case .key(let key):
            switch key {
            case .character(let character): return .type(character)
            case .enter: return .submit
            case .backspace, .delete: return .deleteBackward
            case .escape: return .clearInput
            case .function(2): return .toggleOffline
            case .function(5): return .refresh
            case .control("c"): return .quit
            default: return nil
            }
        }
    }

    public static let hints = "Enter check in · Esc clear · F2 offline · F5 refresh · Ctrl-C quit"
}
