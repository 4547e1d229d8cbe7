/// A user id as the waiting room stores it. Ids of up to 24 UTF-8 bytes without NUL (every id the
/// server makes: `usr_` + 20 hex digits) are packed into three words, so a million waiting buyers
/// cost no heap object each and comparing two keys reads no other memory; any other id is kept
/// as its String. The packing is exact: two keys are equal exactly when their ids are.
enum UserKey: Hashable, Sendable {
    case packed(UInt64, UInt64, UInt64)
    case other(String)

    init(_ id: String) {
        var words: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var index = 0
        for byte in id.utf8 {
            guard index < 24, byte != 0 else {
                self = .other(id)
                return
            }
            let shift = UInt64(index & 7) * 8
            switch index >> 3 {
            case 0: words.0 |= UInt64(byte) << shift
            case 1: words.1 |= UInt64(byte) << shift
            default: words.2 |= UInt64(byte) << shift
            }
            index += 1
        }
        self = .packed(words.0, words.1, words.2)
    }

    var id: String {
        switch self {
        case .other(let id): return id
        case .packed(let a, let b, let c):
            var bytes: [UInt8] = []
            bytes.reserveCapacity(24)
            for word in [a, b, c] {
                for shift in stride(from: UInt64(0), to: 64, by: 8) {
                    let byte = UInt8(truncatingIfNeeded: word >> shift)
                    if byte == 0 { return String(decoding: bytes, as: UTF8.self) }
                    bytes.append(byte)
                }
            }
            return String(decoding: bytes, as: UTF8.self)
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
