import Foundation
import TicketingClient
import TicketingDomain
import TicketingProtocol

/// 1,000 admitted buyers holding seats: half the requests name seats (1–4 random seats of a
/// random grade, retried with other seats on 409), half ask for the best `count` together.
struct HoldScenario: Sendable {
    struct Shopper: Sendable {
        var buyer: Buyer
        var admissionToken: String
    }

    let performanceId: String
    let grades: [GradeSpec]
    let shoppers: [Shopper]
    /// Closed loop: a 409 is retried at once with other seats (up to 3 times). Paced: the retry is
    /// the user's next scheduled request, so each step sends exactly one request.
    var retries = 3

    /// Joins every buyer and waits (bounded) until the scheduler has admitted them all.
    static func admit(_ buyers: [Buyer], server: BenchServer, performanceId: String,
                      timeout: Duration = .seconds(30)) async throws -> [Shopper] {
        let port = server.port
        let deadline = ContinuousClock.now + timeout
        return try await withThrowingTaskGroup(of: [Shopper].self) { group in
            let lanes = 32
            for lane in 0..<lanes {
                group.addTask {
                    let http = HTTPClient(host: "127.0.0.1", port: port, timeout: 60)
                    var admitted: [Shopper] = []
                    for buyer in stride(from: lane, to: buyers.count, by: lanes).map({ buyers[$0] }) {
                        while true {
                            let response = try await http.send(BenchRequests.join(performanceId, token: buyer.token))
                            let status = try WireJSON.decode(QueueStatusDTO.self, from: response.body)
                            if let token = status.admissionToken {
                                admitted.append(Shopper(buyer: buyer, admissionToken: token))
                                break
                            }
                            guard ContinuousClock.now < deadline else { throw BenchError("buyers were not admitted in time") }
                            try await Task.sleep(for: .milliseconds(50))
                        }
                    }
                    await http.close()
                    return admitted
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
    }

    func request(_ shopper: Shopper, body: CreateHoldRequest) -> ClientRequest {
        ClientRequest(method: "POST", path: "/v1/performances/\(performanceId)/holds",
                      headers: ["Accept": "application/json", "Content-Type": "application/json",
                                "Authorization": "Bearer \(shopper.buyer.token)",
                                "X-Admission-Token": shopper.admissionToken],
                      body: try? WireJSON.encode(body))
    }

    /// One step of a virtual user: even iterations pick seats, odd ones ask for best available.
    func step(_ user: VirtualUser, iteration: Int) async -> Bool {
        let shopper = shoppers[user.index % shoppers.count]
        var rng = SplitMix64(state: UInt64(user.index) << 32 | UInt64(iteration))
        let grade = grades.randomElement(using: &rng)!
        let count = Int.random(in: 1...4, using: &rng)
        if iteration % 2 == 1 {
            _ = await user.send(request(shopper, body: CreateHoldRequest(grade: grade.grade, count: count)),
                                kind: "hold best-available")
            return true
        }
        for _ in 0...retries {
            var seats = Set<String>()
            while seats.count < min(count, grade.seatIds.count) { seats.insert(grade.seatIds.randomElement(using: &rng)!) }
            guard let response = await user.send(request(shopper, body: CreateHoldRequest(seatIds: Array(seats))),
                                                 kind: "hold explicit seats"),
                  response.status == 409 else { return true }
            user.dueAt = nil
        }
        return true
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
