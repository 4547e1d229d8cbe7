import Foundation
import TerminalUI
import TicketingClient
import TicketingProtocol

/// Performs the reducer's effects against the server and answers each with intents: the result,
/// or a failure worded for the status bar. Transport failures also wake the connection monitor.
public actor EffectExecutor {
    private let api: APIClient
    private let monitor: ConnectionMonitor?

    public init(api: APIClient, monitor: ConnectionMonitor?) {
        self.api = api
        self.monitor = monitor
    }

    public func perform(_ effect: Effect) async -> [Intent] {
        do {
            return try await run(effect)
        } catch {
            guard let request = effect.request else { return [] }
            if Self.isTransport(error) { await monitor?.reportFailure() }
            return [.failed(request, message: Self.message(for: error, request: request))]
        }
    }

    private func run(_ effect: Effect) async throws -> [Intent] {
        switch effect {
        case .logIn(let email, let password):
            let auth = try await api.login(LoginRequest(email: email, password: password))
            return [.signedIn(auth.user)]
        case .signUp(let email, let password, let name, let role):
            let auth = try await api.signup(SignupRequest(email: email, password: password, name: name, role: role))
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
            return []
        case .quit:
            return []
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
        case .badRequest, .validationFailed: return api.message
        default: return "\(api.message) (\(api.code))"
        }
    }
}
