import Foundation
import TicketingProtocol

public enum Direction: Sendable, Equatable, Hashable {
    case up, down, left, right
}

/// What the user or the outside world wants to happen. Keys and clicks become intents through a
/// keymap; effect results come back as intents too, so the reducer is the only place state changes.
public enum Intent: Sendable, Equatable {
    // Navigation and selection.
    case move(Direction)
    case page(Direction)
    case rowStart, rowEnd
    /// Enter: open the selected row, submit the form, go on.
    case activate
    /// Space: select the seat under the cursor, flip the option under the focus.
    case toggle
    case clearSelection
    case back
    case refresh
    case toggleHelp
    case logOut
    case quit

    // Text entry on forms.
    case nextField, previousField
    case type(Character)
    case deleteBackward

    // Pointer.
    case click(x: Int, y: Int)
    case scroll(Direction)

    // The environment.
    case resized(Size)
    case tick(Date)
    case connection(ConnectionState)

    // Results of effects.
    case signedIn(UserDTO)
    case performancesLoaded([PerformanceDTO])
    case hallLoaded(performanceId: String, venue: VenueDTO, version: Int, seats: [SeatDTO])
    case seatsLoaded(performanceId: String, version: Int, seats: [SeatDTO])
    case failed(Request, message: String)
}

/// Work the reducer asks the app runner to do; each one answers with intents.
public enum Effect: Sendable, Equatable {
    case logIn(email: String, password: String)
    case signUp(email: String, password: String, name: String, role: String)
    case loadPerformances
    /// Venue and seats together: the map cannot be drawn from either alone.
    case loadHall(performanceId: String, venueId: String)
    case loadSeats(performanceId: String)
    /// Forget the bearer token.
    case logOut
    case quit

    public var request: Request? {
        switch self {
        case .logIn, .signUp: .auth
        case .loadPerformances: .performances
        case .loadHall: .hall
        case .loadSeats: .seats
        case .logOut, .quit: nil
        }
    }
}

/// The kinds of server requests in flight, shown as "loading…" and matched with their failures.
public enum Request: String, Sendable, Hashable, CaseIterable {
    case auth, performances, hall, seats
}

/// Whether the runner can reach the server. The runner probes while online and retries with
/// backoff while not; screens show the state so a stalled list is never mistaken for an empty one.
public enum ConnectionState: Sendable, Equatable {
    case online
    case reconnecting(attempt: Int, retryAt: Date)
}
