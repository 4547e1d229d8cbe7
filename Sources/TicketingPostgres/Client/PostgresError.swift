public enum PostgresError: Error, Sendable, Equatable {
    /// The socket failed or the server went away; the connection is dropped.
    case connection(String)
    /// The server refused the statement; `sqlState` is the SQLSTATE code (`23505` unique violation…).
    case server(sqlState: String, message: String)
    /// A column was missing, NULL where a value was required, or not in the requested type.
    case decoding(String)

    public var sqlState: String? {
        if case .server(let state, _) = self { return state }
        return nil
    }

    public static let uniqueViolation = "23505"
    public static let raisedException = "P0001"
}
