/// A user id as the waiting room stores it. Ids of up to 24 UTF-8 bytes without NUL (every id the
/// server makes: `usr_` + 20 hex digits) are packed into three words, so a million waiting buyers
/// cost no heap object each and comparing two keys reads no other memory; any other id is kept
/// as its String. The packing is exact: two keys are equal exactly when their ids are.
enum UserKey: Hashable, Sendable {
    case packed(UInt64, UInt64, UInt64)
    case other(String)

    init(_ id: String) {
        // One copy of the contiguous UTF-8 bytes (little-endian: byte i lands in word i / 8).
        let packed: UserKey?? = id.utf8.withContiguousStorageIfAvailable { bytes in
            guard bytes.count <= 24, !bytes.contains(0) else { return nil }
            var words: (UInt64, UInt64, UInt64) = (0, 0, 0)
            withUnsafeMutableBytes(of: &words) { $0.copyMemory(from: UnsafeRawBufferPointer(bytes)) }
            return .packed(UInt64(littleEndian: words.0), UInt64(littleEndian: words.1), UInt64(littleEndian: words.2))
        }
        self = (packed ?? nil) ?? .other(id)
    }

    var id: String {
        switch self {
        case .other(let id): return id
        case .packed(let a, let b, let c):
            var words = (a.littleEndian, b.littleEndian, c.littleEndian)
            return withUnsafeBytes(of: &words) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
        }
    }

    func hash(into hasher: inout Hasher) {
        switch self {
        case .packed(let a, let b, let c):
            hasher.combine(a)
            hasher.combine(b)
            hasher.combine(c)
        case .other(let id): hasher.combine(id)
        }
    }
}

/// A waiting buyer's place in line, found in a `Set` by the user alone: key and sequence share
/// one slot, so a lookup touches one cache line where a `[String: Int]` touches two arrays and
/// the key's heap object.
struct Place: Hashable, Sendable {
    let user: UserKey
    let seq: Int32

    static func == (lhs: Place, rhs: Place) -> Bool { lhs.user == rhs.user }
    func hash(into hasher: inout Hasher) { hasher.combine(user) }

    /// A probe for `Set.firstIndex(of:)` / `remove(_:)`, which return the stored place.
    static func probe(_ user: UserKey) -> Place { Place(user: user, seq: -1) }
}
