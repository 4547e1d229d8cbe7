import Foundation

/// The read side: one task per connection reads frames, answers control frames, hands complete
/// messages to the inbox and finally tears the connection down.
extension WebSocketClient {
    enum ReaderOutcome {
        case serverClosed(WebSocketClose)
        case violation(WebSocketViolation)
        /// End of stream, reset or cancellation without a close frame.
        case ended
    }

    func runReader(_ initial: ByteReader) async {
        var reader = initial
        let outcome = await readFrames(&reader)
        await finish(outcome, reader: reader)
    }

    private func readFrames(_ reader: inout ByteReader) async -> ReaderOutcome {
        var assembler = WebSocketMessageAssembler(maxMessage: maxMessageSize)
        do {
            while true {
                let parser = WebSocketFrameParser(from: .server, maxPayload: assembler.remainingBudget)
                switch reader.withUnread({ parser.parse($0) }) {
                case .incomplete:
                    try await reader.fill()
                case .violation(let violation):
                    return .violation(violation)
                case .frame(let frame, let consumed):
                    reader.consume(consumed)
                    switch assembler.accept(frame) {
                    case .failure(let violation):
                        return .violation(violation)
                    case .success(.ping(let payload)):
                        // Sent from its own task so a slow write never stalls reading.
                        Task { try? await self.sendFrame(WebSocketFrame(opcode: .pong, payload: payload)) }
                    case .success(.pong(let payload)):
                        resolvePong(payload)
                    case .success(.close(let close)):
                        return .serverClosed(close)
                    case .success(.message(let opcode, let payload)):
                        // Text was checked as UTF-8 by the assembler.
                        deliver(opcode == .text ? .text(String(decoding: payload, as: UTF8.self)) : .data(Data(payload)))
                    case .success(.none):
                        continue
                    }
                }
            }
        } catch {
            return .ended
        }
    }

    private func finish(_ outcome: ReaderOutcome, reader: ByteReader) async {
        switch outcome {
        case .serverClosed(let close):
            serverClose = close
            if state == .open {
                state = .closing
                let echo = close.code == WebSocketClose.noStatusReceived ? WebSocketClose.normalClosure : close.code
                try? await writeWithDeadline(.close(WebSocketClose(code: echo)))
            }
            endInbox(.success(()))
            // The server closes TCP first (§7.1.1), which leaves TIME_WAIT on its side, not ours.
            await Self.awaitEndOfStream(reader.stream, seconds: min(timeout, 2))
        case .violation(let violation):
            if state == .open {
                state = .closing
                try? await writeWithDeadline(.close(WebSocketClose(code: violation.code, reason: violation.reason)))
            }
            endInbox(.failure(.protocolViolation(code: violation.code, reason: violation.reason)))
        case .ended:
            endInbox(state == .closing ? .success(()) : .failure(.connectionLost))
        }
        state = .closed
        let stream = reader.stream
        stream.shutdown()
        // Writers woken by the shutdown leave the gate; once we hold it nobody touches the socket.
        try? await writeGate.withLock {}
        self.stream = nil
        await stream.close()
    }

    private static func awaitEndOfStream(_ stream: TCPStream, seconds: TimeInterval) async {
        _ = try? await withDeadline(seconds: seconds) {
            while true { _ = try await stream.read() }
        }
    }

    private func deliver(_ message: WebSocketMessage) {
        if inboxWaiters.isEmpty {
            inbox.append(message)
        } else {
            inboxWaiters.removeFirst().continuation.resume(returning: message)
        }
    }

    func endInbox(_ end: Result<Void, WebSocketError>) {
        guard inboxEnd == nil else { return }
        inboxEnd = end
        let waiters = inboxWaiters
        inboxWaiters = []
        for waiter in waiters {
            switch end {
            case .success: waiter.continuation.resume(returning: nil)
            case .failure(let error): waiter.continuation.resume(throwing: error)
            }
        }
        let pings = pingWaiters
        pingWaiters = [:]
        for ping in pings.values { ping.continuation.resume(throwing: WebSocketError.notOpen) }
    }

    private func resolvePong(_ payload: [UInt8]) {
        // Unsolicited pongs (§5.5.3) match no waiter and are ignored.
        guard let id = pingWaiters.first(where: { $0.value.payload == payload })?.key else { return }
        pingWaiters.removeValue(forKey: id)?.continuation.resume()
    }

    /// Suspends until `register`'s continuation is resumed, the timeout passes or the task is cancelled.
    func suspend<T: Sendable>(timeout: TimeInterval?,
                              _ register: (UInt64, CheckedContinuation<T, any Error>) -> Void) async throws -> T {
        let id = nextWaiterID
        nextWaiterID += 1
        let timer = timeout.map { seconds in
            Task {
                do { try await Task.sleep(for: .seconds(seconds)) } catch { return }
                self.resumeWaiter(id, throwing: WebSocketError.timedOut(seconds: seconds))
            }
        }
        defer { timer?.cancel() }
        return try await withTaskCancellationHandler {
            // `isolation: self`, not the default: this closure captures nothing of the actor, so
            // it is not isolated to it, and the default ran `register` (which edits the waiter
            // lists) on the global executor, racing the reader: a message delivered in between
            // was queued with no waiter woken, and concurrent edits corrupted the lists
            // (WebSocketIsolationTests).
            try await withCheckedThrowingContinuation(isolation: self) { continuation in
                register(id, continuation)
            }
        } onCancel: {
            // Runs after `register`: that body holds the actor until it returns.
            Task { await self.resumeWaiter(id, throwing: CancellationError()) }
        }
    }

    func resumeWaiter(_ id: UInt64, throwing error: any Error) {
        if let index = inboxWaiters.firstIndex(where: { $0.id == id }) {
            inboxWaiters.remove(at: index).continuation.resume(throwing: error)
        } else if let waiter = pingWaiters.removeValue(forKey: id) {
            waiter.continuation.resume(throwing: error)
        }
    }
}
