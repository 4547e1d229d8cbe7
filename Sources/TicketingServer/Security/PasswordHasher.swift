import Dispatch
import Foundation

/// PBKDF2-HMAC-SHA256 password hashes in the self-describing form
/// `pbkdf2-sha256$<iterations>$<salt>$<hash>` so the cost can rise without breaking old hashes.
public struct PasswordHasher: Sendable {
    public static let defaultIterations = 210_000
    public let iterations: Int

    public init(iterations: Int = PasswordHasher.defaultIterations) {
        self.iterations = iterations
    }

    public func hash(_ password: String) async -> String {
        let salt = Crypto.randomBytes(16)
        let derived = await Self.derive(password: password, salt: salt, iterations: iterations)
        return "pbkdf2-sha256$\(iterations)$\(Base64URL.encode(salt))$\(Base64URL.encode(derived))"
    }

    public func verify(_ password: String, against stored: String) async -> Bool {
        let parts = stored.split(separator: "$")
        guard parts.count == 4, parts[0] == "pbkdf2-sha256", let rounds = Int(parts[1]), rounds > 0,
              let salt = Base64URL.decode(parts[2]), let expected = Base64URL.decode(parts[3]) else { return false }
        let derived = await Self.derive(password: password, salt: salt, iterations: rounds)
        return Crypto.constantTimeEquals(derived, expected)
    }

    /// A deliberately slow KDF must not block the cooperative pool (2 threads on this machine),
    /// so it runs on a separate concurrent queue.
    private static let queue = DispatchQueue(label: "queueticket.kdf", attributes: .concurrent)

    private static func derive(password: String, salt: [UInt8], iterations: Int) async -> [UInt8] {
        await withCheckedContinuation { continuation in
            queue.async {
                continuation.resume(returning: Crypto.pbkdf2SHA256(
                    password: Array(password.utf8), salt: salt, iterations: iterations, length: 32))
            }
        }
    }
}
