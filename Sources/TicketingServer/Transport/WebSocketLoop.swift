import FlyingFox
import FlyingSocks
import Foundation
import TicketingNet

/// A WebSocket after the 101: this task parses and checks client frames, one writer task owns
/// the socket's output, and the route's `WSHandler` only ever sees whole, valid messages.
/// Pings are answered here; a violation is answered with its close code, then the socket closes.
struct WebSocketLoop {
    let socket: Socket
    let pool: any AsyncSocketPool
    let watch: ConnectionWatch
    let settings: TransportSettings

    func run(handler: any WSHandler, reader: consuming SocketReader) async {
        if let direct = handler as? any DirectWebSocketHandler {
            await runDirect(direct, reader: reader)
            return
        }
        var reader = reader
        let (wire, wireIn) = AsyncStream<Data>.makeStream(bufferingPolicy: .bufferingOldest(1024))
        let (client, clientIn) = AsyncThrowingStream<WSFrame, any Error>.makeStream()
        let writer = Task { [socket, pool, watch, settings] in
            await Self.drain(wire, socket: socket, pool: pool, watch: watch, timeout: settings.bodyTimeout)
        }
        let outbound: AsyncStream<WSFrame>
        do {
            outbound = try await handler.makeFrames(for: client)
        } catch {
            wireIn.yield(WebSocketFrame.close(WebSocketClose(code: 1011)).encoded())
            wireIn.finish()
            await writer.value
            return
        }
        let forwarder = Task {
            for await frame in outbound {
                // Routes send only RFC 6455 opcodes; anything else could not be framed.
                guard let opcode = WebSocketOpcode(rawValue: frame.opcode.rawValue) else { continue }
                wireIn.yield(WebSocketFrame(fin: frame.fin, opcode: opcode, payload: [UInt8](frame.payload)).encoded())
                if frame.opcode == .close { break }
            }
            wireIn.finish()
        }
        await read(&reader, emit: { wireIn.yield($0) }) { opcode, payload in
            clientIn.yield(WSFrame(fin: true, opcode: WSFrame.Opcode(opcode.rawValue), mask: nil, payload: Data(payload)))
        }
        clientIn.finish()
        wireIn.finish()
        await writer.value
        forwarder.cancel()
    }

    /// A handler the loop drives itself: messages handed over on the reading task and pushes
    /// framed straight onto the writer's queue. FlyingFox's message layer costs a socket four
    /// more tasks and five more streams, most of a subscriber's memory (BENCHMARKS.md).
    private func runDirect<H: DirectWebSocketHandler>(_ handler: H, reader: consuming SocketReader) async {
        var reader = reader
        let writer = SocketWriter(socket: socket, pool: pool, watch: watch, timeout: settings.bodyTimeout)
        let connection = handler.opened(WebSocketSender(writer: writer))
        await read(&reader, emit: writer.send) { opcode, payload in
            switch opcode {
            case .text:
                await handler.received(.text(String(decoding: payload, as: UTF8.self)), on: connection)
            default:
                await handler.received(.data(Data(payload)), on: connection)
            }
        }
        await handler.closed(connection)
        await writer.finish()
    }

    /// Parses and checks client frames until the peer closes, breaks the protocol or goes away;
    /// answers pings and closes itself, hands whole data messages to `deliver`.
    private func read(_ reader: inout SocketReader, emit: (Data) -> Void,
                      deliver: (WebSocketOpcode, [UInt8]) async -> Void) async {
        let parser = WebSocketFrameParser(from: .client, maxPayload: settings.maxWebSocketMessage)
        var assembler = WebSocketMessageAssembler(maxMessage: settings.maxWebSocketMessage)
        reading: while true {
            watch.readBy(reader.isEmpty ? nil : settings.bodyTimeout)
            switch reader.withUnread({ parser.parse($0) }) {
            case .incomplete:
                guard (try? await reader.fill()) ?? false else { break reading }
            case .violation(let violation):
                emit(Self.close(violation))
                break reading
            case .frame(let frame, let consumed):
                reader.consume(consumed)
                switch assembler.accept(frame) {
                case .failure(let violation):
                    emit(Self.close(violation))
                    break reading
                case .success(.message(let opcode, let payload)):
                    await deliver(opcode, payload)
                case .success(.ping(let payload)):
                    emit(WebSocketFrame(opcode: .pong, payload: payload).encoded())
                case .success(.close(let close)):
                    // Echo the code (RFC 6455 §5.5.1), then close our side.
                    let echo = close.code == WebSocketClose.noStatusReceived
                        ? WebSocketFrame(opcode: .close, payload: []) : .close(WebSocketClose(code: close.code))
                    emit(echo.encoded())
                    break reading
                case .success(.pong), .success(.none):
                    continue
                }
            }
        }
        watch.readBy(nil)
    }

    private static func drain(_ wire: AsyncStream<Data>, socket: Socket, pool: any AsyncSocketPool,
                              watch: ConnectionWatch, timeout: Duration) async {
        for await data in wire {
            watch.writeBy(timeout)
            do {
                try await socket.writeAll(data, pool: pool)
            } catch {
                break
            }
            watch.writeBy(nil)
            if data.count >= 2, data[data.startIndex] == 0x88 { break }
        }
        watch.writeBy(nil)
        // Our close is out (or the peer is gone): no more reading either.
        watch.cut()
    }

    static func close(_ violation: WebSocketViolation) -> Data {
        WebSocketFrame.close(WebSocketClose(code: violation.code, reason: violation.reason)).encoded()
    }
}

/// A WebSocket handler `WebSocketLoop` drives directly (see `runDirect`); it stays a `WSHandler`
/// so FlyingFox's own server could still run it through `makeFrames`.
protocol DirectWebSocketHandler: WSHandler {
    associatedtype Connection: Sendable
    func opened(_ sender: WebSocketSender) -> Connection
    /// Called on the connection's reading task, one message at a time, in order.
    func received(_ message: WSMessage, on connection: Connection) async
    func closed(_ connection: Connection) async
}

/// Frames text messages onto a socket's writer queue.
struct WebSocketSender: Sendable {
    let writer: SocketWriter

    func send(text utf8: Data) {
        writer.send(WebSocketFrame.serverText(utf8))
    }

    /// Several text messages, framed one after another into one write.
    func send(texts: [Data]) {
        guard texts.count > 1 else { return texts.forEach(send(text:)) }
        writer.send(texts.reduce(into: Data()) { $0.append(WebSocketFrame.serverText($1)) })
    }
}
