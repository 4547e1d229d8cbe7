import Testing
@testable import TerminalUI

@Suite struct LoginGoldenTests {
    @Test(arguments: [Size.small, Size.large])
    func loginWithEmailTyped(size: Size) {
        var state = Fixture.state(size)
        state = Fixture.reduce(state, .type("b"), .type("u"), .type("y"))
        for character in "er@demo.queueticket.dev" { state = Fixture.reduce(state, .type(character)) }
        state = Fixture.reduce(state, .nextField, .type("s"), .type("e"), .type("c"))
        Golden.check(Renderer.render(state), "login-\(size.name)")
    }

    @Test func signUpAsSellerWithAProblem() {
        var state = Fixture.state(.small)
        state = Fixture.reduce(state, .previousField, .toggle, .nextField)
        for character in "kim@example.com" { state = Fixture.reduce(state, .type(character)) }
        state = Fixture.reduce(state, .nextField, .type("s"), .type("h"), .type("o"), .type("r"), .type("t"))
        state = Fixture.reduce(state, .nextField)
        for character in "김민지" { state = Fixture.reduce(state, .type(character)) }
        state = Fixture.reduce(state, .nextField, .toggle, .nextField, .activate)
        #expect(state.login.error == "Passwords have at least 8 characters.")
        Golden.check(Renderer.render(state), "signup-error-80x24")
    }

    @Test func demoHintAndLoggingIn() {
        var state = Fixture.state(.small)
        state.loginHint = "Demo accounts (password queueticket-demo):\n  buyer   buyer@demo.queueticket.dev\n"
            + "  seller  seller@demo.queueticket.dev"
        state.login.email = "buyer@demo.queueticket.dev"
        state.login.password = "queueticket-demo"
        state.login.focus = .submit
        state = Fixture.reduce(state, .activate)
        #expect(state.pending == [.auth])
        Golden.check(Renderer.render(state), "login-demo-pending-80x24")
    }
}
