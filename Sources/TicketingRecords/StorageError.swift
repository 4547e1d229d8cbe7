public enum StorageError: Error, Equatable, Sendable {
    case duplicate(String)
    case notFound(String)
    /// A stored value no current code can read (e.g. an unknown enum value).
    case corrupt(String)
}
