import Foundation
import Synchronization
#if canImport(CSystemLinux)
import CSystemLinux
#endif
#if canImport(Glibc)
import Glibc
#endif

/// When each subscriber saw each push wave: wave `w` is done for a subscriber once its `ahead`
/// has dropped by `w` from the value it saw on subscribing.
final class WaveArrivals: Sendable {
    private let arrivals = Mutex<[Int: [ContinuousClock.Instant]]>([:])

    func record(waves: ClosedRange<Int>, at time: ContinuousClock.Instant) {
        arrivals.withLock { for wave in waves { $0[wave, default: []].append(time) } }
    }

    func count(wave: Int) -> Int { arrivals.withLock { $0[wave]?.count ?? 0 } }

    func times(wave: Int) -> [ContinuousClock.Instant] { arrivals.withLock { $0[wave] ?? [] } }
}

/// Reads every subscriber's pushes on a few plain threads, each with its own epoll set, and
/// timestamps each wave as its bytes are read.
final class WaveListener: Sendable {
    let arrivals = WaveArrivals()
    private let stopping = Atomic<Bool>(false)
    private let finished = Atomic<Int>(0)
    private let lanes: [[WaveSocket]]

    init(_ sockets: [WaveSocket], threads: Int) {
        let count = max(1, threads)
        lanes = (0..<count).map { lane in stride(from: lane, to: sockets.count, by: count).map { sockets[$0] } }
    }

    func start() {
        for lane in lanes {
            Thread { [self] in
                listen(lane)
                finished.add(1, ordering: .releasing)
            }.start()
        }
    }

    /// Stops the threads and closes every socket.
    func stop() async {
        stopping.store(true, ordering: .releasing)
        while finished.load(ordering: .acquiring) < lanes.count { try? await Task.sleep(for: .milliseconds(10)) }
        for lane in lanes { for socket in lane { close(socket.fd) } }
    }

    private struct Reading {
        let initialAhead: Int
        var seen = 0
        var input: [UInt8]
        var scanner = PushScanner()
    }

    private func listen(_ sockets: [WaveSocket]) {
        let poll = epoll_create1(0)
        guard poll >= 0 else { return }
        defer { close(poll) }
        var readings: [Int32: Reading] = [:]
        for socket in sockets {
            var event = epoll_event()
            event.events = EPOLLIN.rawValue
            event.data.fd = socket.fd
            guard epoll_ctl(poll, EPOLL_CTL_ADD, socket.fd, &event) == 0 else { continue }
            readings[socket.fd] = Reading(initialAhead: socket.initialAhead, input: socket.leftover)
        }
        var events = [epoll_event](repeating: epoll_event(), count: 512)
        var chunk = [UInt8](repeating: 0, count: 16_384)
        while !stopping.load(ordering: .acquiring) {
            let ready = epoll_wait(poll, &events, Int32(events.count), 50)
            guard ready > 0 else { continue }
            for index in 0..<Int(ready) {
                let fd = events[index].data.fd
                guard var reading = readings[fd] else { continue }
                var open = true
                while true {
                    let got = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                    if got > 0 {
                        reading.input += chunk[..<got]
                        if got < chunk.count { break }
                    } else {
                        open = got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)
                        break
                    }
                }
                let now = ContinuousClock.now
                let aheads = (try? reading.scanner.take(&reading.input)) ?? []
                for ahead in aheads where reading.initialAhead - ahead > reading.seen {
                    let done = reading.initialAhead - ahead
                    arrivals.record(waves: (reading.seen + 1)...done, at: now)
                    reading.seen = done
                }
                if open {
                    readings[fd] = reading
                } else {
                    epoll_ctl(poll, EPOLL_CTL_DEL, fd, nil)
                    readings[fd] = nil
                }
            }
        }
    }
}
