import FlyingSocks
import Foundation
import Synchronization
import TicketingNet

/// A WebSocket's output: a bounded queue of encoded frames and a writing task that exists only
/// while there is something to write. An idle subscriber then holds no task and no stream for
/// its output (most sockets are idle between pushes), which is most of what is left of a
/// socket's memory once its reader is parked (BENCHMARKS.md).
final class SocketWriter: Sendable {
    private struct State {
        var queue: [Data] = []
        var task: Task<Void, Never>?
        /// No more frames are taken: finishing, our close frame is out, or the peer is gone.
        var closed = false
    }

    /// Newest kept: a client that cannot keep up loses its oldest pushes, not memory without
    /// bound (seat deltas are numbered, so it sees the gap and asks for a snapshot).
    static let capacity = 256

    private let state = Mutex(State())
    private let socket: Socket
    private let pool: any AsyncSocketPool
    private let watch: ConnectionWatch
    private let timeout: Duration

    init(socket: Socket, pool: any AsyncSocketPool, watch: ConnectionWatch, timeout: Duration) {
        self.socket = socket
        self.pool = pool
        self.watch = watch
        self.timeout = timeout
    }

    func send(_ frame: Data) {
        let cut = state.withLock { state -> Bool in
            guard !state.closed else { return false }
            if state.task == nil, !(frame.count >= 2 && frame[frame.startIndex] == 0x88) {
                // Nothing queued and nobody writing (a close frame always goes through the task, which
                // ends the output after it): most pushes fit the socket's send buffer, so
                // one non-blocking write here replaces a task per socket per push wave; only what
                // does not fit waits for the writing task.
                switch Self.writeNow(frame, to: socket) {
                case .written:
                    return false
                case .rest(let rest):
                    state.queue.append(rest)
                case .failed:
                    state.closed = true
                    return true
                }
            } else {
                if state.queue.count >= Self.capacity { state.queue.removeFirst() }
                state.queue.append(frame)
            }
            if state.task == nil { state.task = Task(executorPreference: LoopExecutor.current) { await self.drain() } }
            return false
        }
        if cut { watch.cut() }
    }

    private enum Attempt {
        case written
        case rest(Data)
        case failed
    }

    private static func writeNow(_ frame: Data, to socket: Socket) -> Attempt {
        do {
            let reached = try socket.write(frame, from: frame.startIndex)
            guard reached == frame.endIndex else { return .rest(Data(frame[reached...])) }
            return .written
        } catch SocketError.blocked {
            return .rest(frame)
        } catch {
            return .failed
        }
    }

    /// Writes what is queued, stops taking frames, and cuts the connection (our close is out
    /// or the peer is gone: no more reading either).
    func finish() async {
        let running = state.withLock { state in
            state.closed = true
            return state.task
        }
        await running?.value
        watch.writeBy(nil)
        watch.cut()
    }

    private func drain() async {
        while true {
            let batch: [Data] = state.withLock { state in
                defer { state.queue = [] }
                if state.queue.isEmpty { state.task = nil }
                return state.queue
            }
            if batch.isEmpty { return }
            for frame in batch {
                watch.writeBy(timeout)
                let written = (try? await socket.writeAll(frame, pool: pool)) != nil
                watch.writeBy(nil)
                // A close frame ends the output, as does a failed write.
                if !written || (frame.count >= 2 && frame[frame.startIndex] == 0x88) {
                    state.withLock { state in
                        state.closed = true
                        state.queue = []
                        state.task = nil
                    }
                    watch.cut()
                    return
                }
            }
        }
    }
}
