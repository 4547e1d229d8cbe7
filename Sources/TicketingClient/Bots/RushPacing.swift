import Foundation
import TicketingProtocol

/// How often a waiting bot of the demo crowd asks where it stands. Thousands of bots asking
/// every fraction of a second would be a poll storm; a bot far back asks rarely and a bot near
/// the front often, so the crowd costs little and still notices its admission within a second.
public enum RushPacing {
    public static let longestWait: TimeInterval = 15

    /// Seconds until the next `GET …/queue/me`. `jitter` in 0…1 spreads a crowd's asks apart.
    public static func pollDelay(_ status: QueueStatusDTO, saleOpensAt: Date, now: Date,
                                 jitter: Double) -> TimeInterval {
        if status.preQueue == true || (status.state == "waiting" && status.position == nil) {
            // Ranks appear at opening: ask once then, the pre-queue spread over three seconds.
            return max(0, saleOpensAt.timeIntervalSince(now)) + 0.5 + 3 * jitter
        }
        let eta = Double(status.etaSeconds ?? 10)
        return min(longestWait, max(1, eta / 2)) * (0.75 + 0.5 * jitter)
    }
}
