import Foundation
import TicketingClient
import TicketingDomain
import TicketingProtocol

/// Everything made before the timed part of a rush: the data directory with a seller, a hall,
/// a performance, a coupon, N buyers (1 PBKDF2 round, in-process) and an admin account.
struct RushSetup: Sendable {
    static let adminEmail = "admin@rush.bench.example.com"
    static let adminPassword = "bench admin password"

    let directory: URL
    let performanceId: String
    let couponId: String
    let couponStock: Int
    let grades: [String]
    let seatCount: Int
    let sellerToken: String
    let buyers: [Buyer]

    static func prepare(buyers count: Int, hall path: String, rate: Double, maxActive: Int, couponStock: Int,
                        maxSeats: Int, server: String) async throws -> RushSetup {
        let directory = BenchServer.temporaryDirectory("rush")
        let hall = try Hall.load(path: path)
        let setup = try await BenchServer.start(dataDirectory: directory)
        do {
            let show = try await setup.performance(hall: hall, title: "Rush bench", rate: rate, maxActive: maxActive,
                                                   maxSeats: maxSeats)
            let coupon = try await setup.seller.createCoupon(CreateCouponRequest(
                name: "Rush 5,000 off", kind: "fixed", amount: 5_000, performanceId: show.id, totalQuantity: couponStock))
            note("signing up \(count) buyers (setup, not measured)")
            let buyers = try await setup.signUpBuyers(count, tag: "rush")
            let token = await setup.seller.token ?? ""
            await setup.stop()
            try runAdminCreate(server: server, directory: directory)
            return RushSetup(directory: directory, performanceId: show.id, couponId: coupon.id, couponStock: couponStock,
                             grades: hall.grades.map(\.grade), seatCount: hall.grades.reduce(0) { $0 + $1.seatIds.count },
                             sellerToken: token, buyers: buyers)
        } catch {
            await setup.stop()
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
    }

    /// `qticketd admin create --data DIR --email … --password …`, before the server starts.
    private static func runAdminCreate(server: String, directory: URL) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: server)
        process.arguments = ["admin", "create", "--data", directory.path, "--email", adminEmail,
                             "--password", adminPassword]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BenchError("qticketd admin create exited with \(process.terminationStatus)")
        }
    }

    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }
}

/// The bare FlyingFox route, closed loop for `seconds`: the machine's HTTP ceiling right now.
enum RushBaseline {
    static func measure(users: Int = 64, seconds: Int = 3) async throws -> Double {
        let baseline = try await BaselineServer.start()
        let request = BenchRequests.get(BaselineServer.path)
        let clients = await LoadDriver.connect(count: users, port: baseline.port, warmup: request)
        let result = await LoadDriver.run(clients: clients, duration: .seconds(seconds)) { user, _ in
            _ = await user.send(request, kind: "baseline")
            return true
        }
        await LoadDriver.close(clients)
        await baseline.stop()
        return result.perSecond()
    }
}
