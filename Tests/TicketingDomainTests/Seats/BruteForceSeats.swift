import Foundation
import TicketingDomain

/// Best-available the slow way: every run of neighbouring free seats of a grade, with the seats it
/// would strand and its distance to the stage, so the property test can check the pick. The runs
/// of neighbours come from whoever drew the layout (`segments`), not from the code under test.
struct BruteForceSeats {
    struct Run {
        var segment: [Int]
        var start: Int
        var seats: [Int]
    }

    let seats: [SeatInfo]
    let free: [Bool]
    let stage: (x: Double, y: Double)
    let segments: [[Int]]

    func runs(grade: String, count: Int) -> [Run] {
        var runs: [Run] = []
        for segment in segments where segment.count >= count {
            for start in 0...(segment.count - count) {
                let run = Array(segment[start..<(start + count)])
                if run.allSatisfy({ seats[$0].grade == grade && free[$0] }) {
                    runs.append(Run(segment: segment, start: start, seats: run))
                }
            }
        }
        return runs
    }

    /// Free seats beside the run that would be left with no free neighbour (of any grade).
    func strands(_ run: Run) -> Int {
        func lone(_ k: Int, awayFrom step: Int) -> Bool {
            guard run.segment.indices.contains(k), free[run.segment[k]] else { return false }
            let beyond = k + step
            return !(run.segment.indices.contains(beyond) && free[run.segment[beyond]])
        }
        return (lone(run.start - 1, awayFrom: -1) ? 1 : 0) + (lone(run.start + run.seats.count, awayFrom: 1) ? 1 : 0)
    }

    /// Rows lie about twice as far apart as seats in a row: dx and 2·dy from the stage centre.
    func distance(_ i: Int) -> Double {
        let dx = Double(seats[i].x) - stage.x
        let dy = (Double(seats[i].y) - stage.y) * 2
        return (dx * dx + dy * dy).squareRoot()
    }

    func score(_ seats: [Int]) -> Double { seats.reduce(0) { $0 + distance($1) } / Double(seats.count) }

    func ids(_ indices: [Int]) -> [String] { indices.map { seats[$0].id } }
}
