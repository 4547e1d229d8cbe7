import Foundation
import TerminalUI
import TicketingClient
import TicketingProtocol

/// Performs the reducer's effects against the server and answers each with intents: the result,
/// or a failure worded for the status bar. Transport failures also wake the connection monitor.
public actor EffectExecutor {
    private let api: APIClient
    private let monitor: ConnectionMonitor?
    public nonisolated let push: PushChannel?
    /// Where exported statements are saved: the directory the client was started in.
    private let exportDirectory: URL
    /// Where the seller's venue picker finds `.hall` files.
    private let hallsDirectory: URL
    /// Runs after a log-in or sign-up succeeds and before the app moves on (the demo opens its
    /// rush here, so the list loaded next already shows it).
    private let onSignIn: (@Sendable (UserDTO) async -> Void)?

    public init(api: APIClient, monitor: ConnectionMonitor?, push: PushChannel? = nil,
                exportDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
                hallsDirectory: URL = URL(fileURLWithPath: "Assets/halls", isDirectory: true),
                onSignIn: (@Sendable (UserDTO) async -> Void)? = nil) {
        self.api = api
        self.monitor = monitor
        self.push = push
        self.exportDirectory = exportDirectory
        self.hallsDirectory = hallsDirectory
        self.onSignIn = onSignIn
    }

    public func perform(_ effect: Effect) async -> [Intent] {
        do {
            return try await run(effect)
        } catch {
            guard let request = effect.request else { return [] }
            if Self.isTransport(error) { await monitor?.reportFailure() }
            // A refused form comes back with every problem the server found, to list under it.
            if request.isForm, let api = error as? APIError, api.status == 400 || api.status == 422 {
                return [.rejected(request, problems: api.body?.problems ?? [api.message])]
            }
            return [.failed(request, message: Self.message(for: error, request: request))]
        }
    }

    private func run(_ effect: Effect) async throws -> [Intent] {
        switch effect {
        case .logIn(let email, let password):
            let auth = try await api.login(LoginRequest(email: email, password: password))
            await push?.setToken(auth.token)
            await onSignIn?(auth.user)
            return [.signedIn(auth.user)]
        case .signUp(let email, let password, let name, let role):
            let auth = try await api.signup(SignupRequest(email: email, password: password, name: name, role: role))
            await push?.setToken(auth.token)
            await onSignIn?(auth.user)
            return [.signedIn(auth.user)]
        case .loadPerformances:
            return [.performancesLoaded(try await api.performances().performances)]
        case .loadHall(let performanceId, let venueId):
            let venue = try await api.venue(venueId)
            let seats = try await api.seats(performanceId)
            return [.hallLoaded(performanceId: performanceId, venue: venue, version: seats.version, seats: seats.seats)]
        case .loadSeats(let performanceId):
            let seats = try await api.seats(performanceId)
            return [.seatsLoaded(performanceId: performanceId, version: seats.version, seats: seats.seats)]
        case .logOut:
            await api.setToken(nil)
            await push?.setToken(nil)
            return []
        case .quit:
            return []
        case .watch(let watch):
            push?.want(watch)
            return []
        case .loadTickets:
            return [.ticketsLoaded(try await api.myTickets().tickets)]
        case .loadHallFiles, .createVenue, .loadVenueChoices, .createPerformance, .createCoupon, .leaveQueue,
             .releaseHold, .cancelOrder:
            return try await runCatalog(effect, api: api, hallsDirectory: hallsDirectory)
        default:
            return try await runPurchase(effect, api: api, exportDirectory: exportDirectory)
        }
    }

    /// Failures that say nothing about the request itself, only that the server is out of reach.
    static func isTransport(_ error: any Error) -> Bool {
        guard let error = error as? HTTPClientError else { return false }
        switch error {
        case .timedOut, .connectionFailed, .connectionClosed, .transport: return true
        case .invalidRequest, .invalidResponse, .responseTooLarge, .tls: return false
        }
    }

    static func message(for error: any Error, request: Request) -> String {
        if isTransport(error) { return "Cannot reach the server — reconnecting…" }
        guard let api = error as? APIError else { return "Unexpected answer from the server: \(error)" }
        switch api.errorCode {
        case .invalidCredentials: return "Wrong email or password."
        case .emailTaken: return "That email already has an account — switch to Log in."
        case .rateLimited: return "Too many requests — try again in \(api.retryAfter ?? 1) s."
        case .notFound where request == .hall || request == .seats:
            return "This performance is gone from the server."
        case .seatUnavailable: return "Someone was faster: those seats are taken — pick others."
        case .admissionRequired: return "Your turn has run out — join the waiting room again."
        case .tooManySeats: return "Too many seats for one order."
        case .holdExpired: return "The hold expired — pick seats again."
        case .alreadyClaimed: return "You already have this coupon."
        case .soldOut where request == .claim: return "This coupon is all gone."
        case .forbidden where request == .sales || request == .settlements || request == .export:
            return "Only the performance's seller can see its figures."
        case .orderState where request == .cancelOrder: return api.message.prefix(1).uppercased() + api.message.dropFirst()
        case .notFound where request == .releaseHold: return "That hold is gone already."
        case .badRequest, .validationFailed: return api.message
        default: return "\(api.message) (\(api.code))"
        }
    }
}
