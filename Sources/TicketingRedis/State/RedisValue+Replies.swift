/// Shapes of script replies the wrappers read.
extension RedisValue {
    /// The reply of a script that answers `{tag, …}`.
    func tagged(_ script: String) throws -> (tag: String, rest: [RedisValue]) {
        guard let items = array, let tag = items.first?.string else {
            throw RedisError.unexpectedReply("\(script) replied \(self)")
        }
        return (tag, Array(items.dropFirst()))
    }

    func integers(_ script: String) throws -> [Int] {
        guard let items = array else { throw RedisError.unexpectedReply("\(script) replied \(self)") }
        return try items.map { item in
            guard let value = item.int else { throw RedisError.unexpectedReply("\(script) replied \(self)") }
            return value
        }
    }
}
