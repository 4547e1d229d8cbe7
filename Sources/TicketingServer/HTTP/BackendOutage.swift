import ConnectionPooling
import TicketingPostgres
import TicketingRedis

/// Which errors mean "a shared backend is unreachable right now" rather than "this request is
/// wrong" or "the server has a bug": those answer 503 with `Retry-After`, never 500. Every
/// record move is one transaction, so such a failure either committed before the connection was
/// lost (a retry finds it: idempotency keys, `OrderMachine` guards) or applied nothing.
enum BackendOutage {
    /// Long enough for the pool's reconnect backoff to get a restarted server again.
    static let retryAfterSeconds = 2

    static func covers(_ error: any Error) -> Bool {
        switch error {
        case is PoolError:
            // No connection within the acquire deadline (server down, refused, or every
            // connection stuck), or the pool is shutting down with the node.
            return true
        case PostgresError.connection:
            return true
        case PostgresError.server(let state, _):
            // 08xxx connection exceptions; 57P01–57P03: the server is shutting down or starting.
            return state.hasPrefix("08") || ["57P01", "57P02", "57P03"].contains(state)
        case RedisError.connection:
            return true
        case RedisError.server(let message):
            // A Redis still loading its AOF after a restart, or a replica cut off from its master.
            // A script's error carries the script's name first ("queue.join: LOADING …").
            let reply = message.range(of: ": ").map { String(message[$0.upperBound...]) }
            return [message, reply].contains { text in
                guard let text else { return false }
                return text.hasPrefix("LOADING") || text.hasPrefix("MASTERDOWN") || text.hasPrefix("TRYAGAIN")
            }
        default:
            return false
        }
    }
}
