import Foundation

/// The token-signing secret, shared by every node: the first node to start stores its candidate,
/// every later one (or a racing one) reads that row instead, so all nodes verify all tokens.
public enum PostgresTokenSecret {
    public static func loadOrCreate(_ pool: PostgresPool, candidate: [UInt8], now: Date) async throws -> [UInt8] {
        precondition(candidate.count >= 32, "a token secret needs at least 32 bytes")
        return try await pool.transaction { connection in
            try connection.query("""
                INSERT INTO token_secret (id, secret, created_at) VALUES (1, $1::bytea, $2::timestamptz)
                ON CONFLICT (id) DO NOTHING
                """, [PostgresBytes(candidate), now])
            let row = try connection.query("SELECT secret FROM token_secret WHERE id = 1").first
            guard let row else { throw PostgresError.decoding("token_secret is empty after insert") }
            return try row.decode("secret", as: PostgresBytes.self).bytes
        }
    }
}
