import Foundation
import RouteTesting
import Testing
import TicketingProtocol

@Suite("Account routes, in-process")
struct AccountRouteTests {
    @Test func signupLoginAndMe() async throws {
        let server = try await InProcessServer.start()
        defer { Task { await server.stop() } }
        let api = server.client()
        let created = try await api.signup(SignupRequest(email: "Ada@Example.com", password: "s3cret-pass",
                                                         name: "Ada", role: "buyer"))
        #expect(created.user.email == "ada@example.com")
        #expect(created.user.role == "buyer")
        let me = try await api.get("/v1/me", as: MeResponse.self)
        #expect(me.user == created.user)

        let other = server.client()
        let login = try await other.login(LoginRequest(email: "ada@example.com", password: "s3cret-pass"))
        #expect(login.user.id == created.user.id)
    }

    @Test func duplicateEmailWeakPasswordAndBadRole() async throws {
        let server = try await InProcessServer.start()
        defer { Task { await server.stop() } }
        let api = server.client()
        _ = try await api.signup(SignupRequest(email: "bo@example.com", password: "password1", name: "Bo", role: "seller"))
        let dup = await #expect(throws: RouteError.self) {
            _ = try await server.client().signup(SignupRequest(email: "BO@example.com", password: "password1",
                                                               name: "Bo", role: "buyer"))
        }
        #expect(dup?.status == 409 && dup?.code == "email_taken")
        let weak = await #expect(throws: RouteError.self) {
            _ = try await server.client().signup(SignupRequest(email: "c@example.com", password: "short",
                                                               name: "C", role: "buyer"))
        }
        #expect(weak?.status == 400 && weak?.code == "bad_request")
        let admin = await #expect(throws: RouteError.self) {
            _ = try await server.client().signup(SignupRequest(email: "d@example.com", password: "password1",
                                                               name: "D", role: "admin"))
        }
        #expect(admin?.status == 400)
    }

    @Test func wrongPasswordAndUnknownEmailAreTheSameError() async throws {
        let server = try await InProcessServer.start()
        defer { Task { await server.stop() } }
        _ = try await RouteShow.signedUp(server, "buyer")
        let api = server.client()
        _ = try await api.signup(SignupRequest(email: "e@example.com", password: "password1", name: "E", role: "buyer"))
        for (email, password) in [("e@example.com", "wrong-password"), ("nobody@example.com", "password1")] {
            let error = await #expect(throws: RouteError.self) {
                _ = try await server.client().login(LoginRequest(email: email, password: password))
            }
            #expect(error?.status == 401 && error?.code == "invalid_credentials")
        }
    }

    @Test func tokensAreRequiredAndVerified() async throws {
        let server = try await InProcessServer.start()
        defer { Task { await server.stop() } }
        let (api, auth) = try await RouteShow.signedUp(server, "buyer")
        _ = api
        let raw = server.client()
        for header in ["", "Bearer garbage", "Bearer \(auth.token)x", "Basic \(auth.token)"] {
            let response = try await raw.send(method: "GET", path: "/v1/me", body: nil,
                                              headers: header.isEmpty ? [:] : ["Authorization": header])
            #expect(response.status == 401, "header '\(header)'")
            let envelope = try WireJSON.decode(ErrorEnvelope.self, from: response.body)
            #expect(envelope.error.code == "unauthorized")
        }
    }
}
