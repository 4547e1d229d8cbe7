/// A node's copy of one performance's waiting line, kept level with the line stream, so the
/// node answers "how many are ahead of this buyer" for every socket it holds without asking
/// Redis per buyer (docs/SCALE_OUT.md, "Fan-out"). Entries are ordered as the Redis sorted set
/// orders them: by score, then by member bytes for equal scores (only pre-queue digests can tie).
public struct LineMirror: Sendable {
    /// A place in the line: the sorted set's score (the join order, or a pre-queue digest) and
    /// the buyer.
    public struct Key: Sendable, Hashable, Comparable {
        public var score: Int
        public var member: String

        public init(score: Int, member: String) {
            self.score = score
            self.member = member
        }

        public static func < (lhs: Key, rhs: Key) -> Bool {
            lhs.score != rhs.score ? lhs.score < rhs.score : lhs.member.utf8.lexicographicallyPrecedes(rhs.member.utf8)
        }
    }

    /// The line version the mirror has applied; nil until it is loaded (or after it fell out of
    /// step and must be loaded again).
    public private(set) var version: Int?
    private var entries: [Key] = []
    /// Entries before this index have been admitted; dropped in bulk from time to time.
    private var head = 0

    public init() {}

    public var isLoaded: Bool { version != nil }
    public var count: Int { entries.count - head }

    /// Replaces everything with a snapshot of the sorted set taken at `version`.
    public mutating func load(version: Int, line: [Key]) {
        entries = line.sorted()
        head = 0
        self.version = version
    }

    /// Forgets the line: the next read must load a snapshot.
    public mutating func reset() {
        entries = []
        head = 0
        version = nil
    }

    /// Buyers ahead of `key`, or nil when `key` is not in the line.
    public func ahead(of key: Key) -> Int? {
        let index = lowerBound(key)
        guard index < entries.count, entries[index] == key else { return nil }
        return index - head
    }

    /// Applies one line event; false when it does not follow on (a version skipped, or the
    /// admitted head is not what this copy holds): the caller loads a snapshot again.
    public mutating func apply(_ event: LineEvent) -> Bool {
        guard let current = version, event.version == current + 1 else { return fail() }
        switch event.change {
        case .joined(let key):
            if let last = entries.last, head < entries.count, !(last < key) {
                entries.insert(key, at: lowerBound(key))
            } else {
                entries.append(key)
            }
        case .left(let key):
            let index = lowerBound(key)
            guard index < entries.count, entries[index] == key else { return fail() }
            entries.remove(at: index)
        case .admitted(let count, let last):
            guard count >= 1, head + count <= entries.count, entries[head + count - 1] == last else { return fail() }
            head += count
            // Amortised: the admitted prefix goes once it is the larger part.
            if head >= 1_024, head * 2 >= entries.count {
                entries.removeFirst(head)
                head = 0
            }
        }
        version = event.version
        return true
    }

    private mutating func fail() -> Bool {
        reset()
        return false
    }

    /// The first index at or after `head` whose key is not below `key`.
    private func lowerBound(_ key: Key) -> Int {
        var low = head
        var high = entries.count
        while low < high {
            let mid = (low + high) / 2
            if entries[mid] < key { low = mid + 1 } else { high = mid }
        }
        return low
    }
}

/// One change of a performance's line, as the queue scripts append it to the line stream under
/// the id `<version>-0`.
public struct LineEvent: Sendable, Equatable {
    public enum Change: Sendable, Equatable {
        case joined(LineMirror.Key)
        /// Out of the line other than by admission: a leave, or a disconnect grace that ran out.
        case left(LineMirror.Key)
        /// The first `count` of the line admitted; `last` is the last of them.
        case admitted(count: Int, last: LineMirror.Key)
    }

    public var version: Int
    public var change: Change

    public init(version: Int, change: Change) {
        self.version = version
        self.change = change
    }
}
