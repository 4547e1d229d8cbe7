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
    /// The language failures are worded in (the screens' own).
    let language: Language

    public init(api: APIClient, monitor: ConnectionMonitor?, push: PushChannel? = nil, language: Language = .en,
                exportDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
                hallsDirectory: URL = URL(fileURLWithPath: "Assets/halls", isDirectory: true),
                onSignIn: (@Sendable (UserDTO) async -> Void)? = nil) {
        self.api = api
        self.monitor = monitor
        self.push = push
        self.exportDirectory = exportDirectory
        self.hallsDirectory = hallsDirectory
        self.onSignIn = onSignIn
        self.language = language
    }

    public func perform(_ effect: Effect) async -> [Intent] {
        do {
            return try await run(effect)
        } catch {
            guard let request = effect.request else { return [] }
            if Self.isTransport(error) { await monitor?.reportFailure() }
            // A refused form comes back with every problem the server found, to list under it.
            if request.isForm, let api = error as? APIError, api.status == 400 || api.status == 422 {
                let problems = language.problems(of: api.body)
                    ?? [Self.message(for: error, request: request, in: language)]
                return [.rejected(request, problems: problems)]
            }
            return [.failed(request, message: Self.message(for: error, request: request, in: language))]
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

    /// A failure in words for the status bar: the API's error by its code
    /// (`Language.serverError`), or why the server could not be asked.
    static func message(for error: any Error, request: Request, in lang: Language = .en) -> String {
        if isTransport(error) { return lang.text("Cannot reach the server — reconnecting…") }
        if let refusal = error as? GatewayRefusal {
            return lang.text("The card was refused: {0}", PaymentScreen.reason(refusal.code, language: lang))
        }
        guard let api = error as? APIError else { return lang.text("Unexpected answer from the server: {0}", "\(error)") }
        return lang.serverError(code: api.code, message: api.message, request: request, retryAfter: api.retryAfter,
                                body: api.body)
    }
}
