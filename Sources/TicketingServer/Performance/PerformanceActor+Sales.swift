import Foundation
import TicketingDomain
import TicketingProtocol

/// The in-memory half of a seller's live dashboard: seats per grade and the waiting line.
struct LiveSales: Sendable {
    var grades: [GradeLevel]
    var waiting: Int
    var admittedActive: Int
    var admissionRate: Double
    var newArrivalWait: Int?
    var saleOpensAt: Date
}

extension PerformanceActor {
    func liveSales() -> LiveSales {
        let now = clock.now()
        let measured = room.measuredRate(now: now)
        let rate = measured ?? spec.admission.ratePerSecond
        let waiting = room.waitingCount
        // Someone joining now waits behind everyone in line, at the rate buyers are let in.
        let wait = waiting == 0 ? 0 : rate > 0 ? Int((Double(waiting) / rate).rounded(.up)) : nil
        return LiveSales(grades: seats.gradeLevels(), waiting: waiting, admittedActive: room.activeCount,
                         admissionRate: measured ?? 0, newArrivalWait: wait, saleOpensAt: spec.saleOpensAt)
    }
}
