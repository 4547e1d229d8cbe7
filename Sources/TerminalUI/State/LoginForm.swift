import Foundation
import TicketingDomain

/// The login / sign-up form: one list of focusable rows whose make-up depends on the mode.
public struct LoginForm: Sendable, Equatable {
    public enum Mode: Sendable, Equatable { case login, signup }

    public enum Field: Sendable, Equatable, CaseIterable {
        case mode, email, password, name, role, submit

        public var isText: Bool { self == .email || self == .password || self == .name }
    }

    /// Roles a person may sign up as; admins are created on the server.
    public static let roles: [Role] = [.buyer, .seller]

    public var mode: Mode = .login
    public var email = ""
    public var password = ""
    public var name = ""
    public var role: Role = .buyer
    public var focus: Field = .email
    public var error: String?

    public init() {}

    public var fields: [Field] {
        mode == .login ? [.mode, .email, .password, .submit] : [.mode, .email, .password, .name, .role, .submit]
    }

    public var isTyping: Bool { focus.isText }

    /// Why the form cannot be sent yet, checked before a request is made.
    public var problem: String? {
        if !email.contains("@") { return "Enter an email address." }
        if password.isEmpty { return "Enter a password." }
        if mode == .signup {
            if password.count < 8 { return "Passwords have at least 8 characters." }
            if name.trimmingCharacters(in: .whitespaces).isEmpty { return "Enter your name." }
        }
        return nil
    }

    mutating func focusNext(_ step: Int) {
        let all = fields
        let index = all.firstIndex(of: focus) ?? 0
        focus = all[(index + step + all.count) % all.count]
    }

    mutating func type(_ character: Character) {
        switch focus {
        case .email where !character.isWhitespace: email.append(character)
        case .password: password.append(character)
        case .name: name.append(character)
        default: break
        }
    }

    mutating func deleteBackward() {
        switch focus {
        case .email: _ = email.popLast()
        case .password: _ = password.popLast()
        case .name: _ = name.popLast()
        default: break
        }
    }

    /// Left/Right/Space on an option row.
    mutating func flipOption() {
        switch focus {
        case .mode:
            mode = mode == .login ? .signup : .login
            error = nil
        case .role:
            role = role == .buyer ? .seller : .buyer
        default: break
        }
    }
}
