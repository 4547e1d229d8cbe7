import ArgumentParser
import Foundation
import TicketingDomain

struct Micro: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "In-process domain benchmarks: waiting room at 10^3…10^6 waiting, seat holds on a hall, coupon solver, ledger posting.")

    @Option(help: "Largest waiting-room size as a power of ten (3…7).") var maxPower = 6
    @Option(help: "Batches per figure; the best batch is reported.") var repeats = 5
    @Option(help: "Hall file for the seat benchmarks.") var hall = "Assets/halls/arena.hall"
    @Option(help: "Parts to run: any of memory, waiting, rank, seats, solver, ledger (comma-separated).")
    var only = "memory,waiting,rank,seats,solver,ledger"
    @Option(help: "Smallest waiting-room size as a power of ten.") var minPower = 3
    @Option(help: "Orders booked through storage by the ledger benchmark (each paid, then refunded).") var ledgerOrders = 2_000
    @Flag(help: "Use 15-byte user ids (stored inline in String) instead of the server's 24-byte ids.") var shortIds = false

    func run() async throws {
        note("machine: \(Machine.summary); load average \(Machine.loadAverage)")
        let parts = Set(only.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        var micro = WaitingRoomMicro(repeats: repeats)
        if shortIds { micro.userId = BenchIDs.shortUser }
        let idShape = shortIds ? "15-byte ids" : "24-byte server-shaped ids"
        // Memory first, while the heap holds nothing else.
        if parts.contains("memory") { memory(micro, idShape: idShape) }
        if parts.contains("waiting") { waitingRoom(micro, idShape: idShape) }
        if parts.contains("rank") { rank() }
        if parts.contains("seats") { try seats() }
        if parts.contains("solver") { solver() }
        if parts.contains("ledger") { try await ledger() }
    }

    private func waitingRoom(_ micro: WaitingRoomMicro, idShape: String) {
        var figures: [WaitingRoomMicro.Figures] = []
        for power in minPower...maxPower {
            let size = Int(pow(10, Double(power)))
            note("waiting room at \(size)")
            figures.append(micro.measure(size: size))
        }
        var table = Table("WaitingRoom, ns per operation (best of \(repeats) batches, \(idShape))",
                          columns: ["waiting", "join (fill, amortised)", "join", "status (rank)",
                                    "status, id from a new String (as the server asks)", "leave", "tick-admit (per buyer)"])
        for f in figures {
            table.add([Format.int(f.size), Format.number(f.fillJoin), Format.number(f.join), Format.number(f.status),
                       Format.number(f.freshStatus), Format.number(f.leave), Format.number(f.admit)])
        }
        if let first = figures.first, let last = figures.last, figures.count > 1 {
            table.add(["growth \(Format.int(first.size))→\(Format.int(last.size)) (goal ≤ 2×)",
                       Format.ratio(last.fillJoin / first.fillJoin), Format.ratio(last.join / first.join),
                       Format.ratio(last.status / first.status), Format.ratio(last.freshStatus / first.freshStatus),
                       Format.ratio(last.leave / first.leave), Format.ratio(last.admit / first.admit)])
        }
        table.print()
    }

    private func rank() {
        let figures = (minPower...maxPower).map { power in
            note("rank structures at 10^\(power)")
            return RankMicro(repeats: repeats).measure(size: Int(pow(10, Double(power))))
        }
        var table = Table("Rank of a known sequence (`ahead`), ns per query (best of \(repeats) batches of 200,000)",
                          columns: ["slots", "Fenwick tree, one Int32 per slot (before)", "bitmap + Fenwick over words (now)"])
        for f in figures { table.add([Format.int(f.size), Format.number(f.fenwickNs, digits: 1), Format.number(f.bitmapNs, digits: 1)]) }
        if let first = figures.first, let last = figures.last, figures.count > 1 {
            table.add(["growth (goal ≤ 2×)", Format.ratio(last.fenwickNs / first.fenwickNs), Format.ratio(last.bitmapNs / first.bitmapNs)])
        }
        table.print()
    }

    private func memory(_ micro: WaitingRoomMicro, idShape: String) {
        let memoryCount = Int(pow(10, Double(maxPower)))
        note("memory: filling a waiting room with \(memoryCount) buyers")
        let memory = micro.memoryPerBuyer(count: memoryCount)
        var memTable = Table("WaitingRoom memory (\(idShape))", columns: ["waiting", "RSS delta", "bytes per buyer",
                                                               "projected 10^6 (goal ≤ 300 MB)"])
        memTable.add([Format.int(memoryCount), Format.mb(memory.total), Format.number(memory.perBuyer),
                      Format.mb(Int(memory.perBuyer * 1_000_000))])
        memTable.print()
    }

    private func seats() throws {
        let loaded = try Hall.load(path: hall)
        note("seats: \(loaded.name)")
        let seats = SeatMicro(hall: loaded, repeats: repeats).measure()
        var seatTable = Table("SeatInventory on \(loaded.name) (\(Format.int(seats.seats)) seats)",
                              columns: ["operation", "cost"])
        seatTable.add(["hold 1–4 random seats (1,000 buyers cycling; \(Int(seats.holdConflictShare * 100))% conflicts)",
                       Format.number(seats.holdNs) + " ns"])
        seatTable.add(["release", Format.number(seats.releaseNs) + " ns"])
        for (label, micros) in seats.best { seatTable.add(["bestAvailable " + label, Format.number(micros, digits: 1) + " µs"]) }
        seatTable.print()
    }

    private func solver() {
        var solverTable = Table("Optimal coupon solver, largest basket (best of 5 batches)",
                                columns: ["seats", "per-ticket coupons", "per-order coupons", "µs per solve"])
        for (ticket, order) in [(4, 2), (20, 5), (50, 10)] {
            let figure = SolverMicro().measure(ticketCoupons: ticket, orderCoupons: order)
            solverTable.add([Format.int(figure.seats), Format.int(figure.ticketCoupons), Format.int(figure.orderCoupons),
                             Format.number(figure.micros, digits: 1)])
        }
        solverTable.print()
    }

    private func ledger() async throws {
        note("ledger posting")
        let ledger = try await LedgerMicro(repeats: repeats).measure(storedOrders: ledgerOrders)
        var ledgerTable = Table("Settlement ledger posting (double entry)", columns: ["operation", "cost"])
        ledgerTable.add(["OrderPosting.paid: balanced transaction of 4–6 lines, in process", Format.number(ledger.paidNs) + " ns"])
        ledgerTable.add(["OrderPosting.refunded, in process", Format.number(ledger.refundNs) + " ns"])
        ledgerTable.add(["Storage.postSettlement OrderPaid (de-dup + transaction + lines + statement, one SQLite write), \(Format.int(ledger.orders)) orders",
                         Format.number(ledger.storedPaidMicros, digits: 1) + " µs"])
        ledgerTable.add(["Storage.postSettlement OrderRefunded, same orders", Format.number(ledger.storedRefundMicros, digits: 1) + " µs"])
        ledgerTable.add(["unbalanced transactions after booking (must be 0)", Format.int(ledger.unbalanced)])
        ledgerTable.print()
        if ledger.unbalanced != 0 { throw ExitCode.failure }
    }
}
