import Foundation
import Synchronization

extension WaveSocket {
    /// Opens and subscribes every buyer's socket from `threads` plain threads (the calls block).
    static func connectAll(_ buyers: [Buyer], port: UInt16, performanceId: String,
                           threads: Int = 16) async throws -> [WaveSocket] {
        let lanes = max(1, min(threads, buyers.count))
        let results = Mutex<[Result<[WaveSocket], any Error>]>([])
        let progress = Atomic<Int>(0)
        return try await withCheckedThrowingContinuation { continuation in
            for lane in 0..<lanes {
                let slice = stride(from: lane, to: buyers.count, by: lanes).map { buyers[$0] }
                Thread {
                    var opened: [WaveSocket] = []
                    let result: Result<[WaveSocket], any Error>
                    do {
                        for buyer in slice {
                            opened.append(try connect(token: buyer.token, port: port, performanceId: performanceId))
                            let done = progress.add(1, ordering: .relaxed).newValue
                            if done % 2_000 == 0 { note("\(done) subscribed") }
                        }
                        result = .success(opened)
                    } catch {
                        for socket in opened { close(socket.fd) }
                        result = .failure(error)
                    }
                    let all = results.withLock { all -> [Result<[WaveSocket], any Error>]? in
                        all.append(result)
                        return all.count == lanes ? all : nil
                    }
                    guard let all else { return }
                    do {
                        continuation.resume(returning: try all.flatMap { try $0.get() })
                    } catch {
                        for case .success(let sockets) in all { for socket in sockets { close(socket.fd) } }
                        continuation.resume(throwing: error)
                    }
                }.start()
            }
        }
    }
}
