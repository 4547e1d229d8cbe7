#if canImport(CSystemLinux)
import CSystemLinux
import FlyingSocks
#if canImport(Glibc)
import Glibc
#endif

/// FlyingSocks' epoll queue, made safe against descriptor reuse.
///
/// FlyingSocks keeps its own table of what each descriptor is registered for. When a socket is
/// closed while still registered, the kernel forgets it but the removal (`EPOLL_CTL_DEL`) fails
/// and FlyingSocks throws before clearing its table entry. The next socket that gets the same
/// descriptor number is then "modified" instead of added, `EPOLL_CTL_MOD` fails with ENOENT, and
/// that connection is dropped unanswered. With many servers and clients opening and closing
/// sockets in one process, this hit a few requests per test run. Here a failed DEL still clears
/// the entry, MOD on a forgotten descriptor falls back to ADD, and ADD on a known one to MOD.
struct TolerantEPoll: EventQueue {
    private var file: Int32 = -1
    private var canary: Int32 = -1
    private var existing: [Socket.FileDescriptor: Socket.Events] = [:]
    private let eventsLimit: Int

    init(maxEvents: Int = 64) { eventsLimit = maxEvents }

    mutating func open() throws {
        existing = [:]
        file = epoll_create1(0)
        guard file >= 0 else { throw SocketError.makeFailed("epoll_create1") }
        canary = eventfd(0, Int32(EFD_NONBLOCK))
        guard canary >= 0 else { throw SocketError.makeFailed("eventfd") }
        var event = epoll_event()
        event.events = EPOLLIN.rawValue | EPOLLET.rawValue
        event.data.fd = canary
        guard epoll_ctl(file, EPOLL_CTL_ADD, canary, &event) == 0 else { throw SocketError.makeFailed("epoll_ctl canary") }
    }

    mutating func stop() throws {
        existing = [:]
        guard canary >= 0 else { throw SocketError.disconnected }
        eventfd_write(canary, 1)
        canary = -1
    }

    mutating func close() throws {
        guard file >= 0 else { throw SocketError.disconnected }
        defer { file = -1 }
        guard Glibc.close(file) == 0 else { throw SocketError.makeFailed("close epoll") }
    }

    mutating func addEvents(_ events: Socket.Events, for socket: Socket.FileDescriptor) throws {
        try setEvents((existing[socket] ?? []).union(events), for: socket)
    }

    mutating func removeEvents(_ events: Socket.Events, for socket: Socket.FileDescriptor) throws {
        try setEvents((existing[socket] ?? []).subtracting(events), for: socket)
    }

    private mutating func setEvents(_ events: Socket.Events, for socket: Socket.FileDescriptor) throws {
        guard existing[socket] != events else { return }
        var event = epoll_event()
        event.events = Self.mask(events)
        event.data.fd = socket.rawValue
        if events.isEmpty {
            existing[socket] = nil
            // ENOENT/EBADF: the descriptor was closed first and the kernel already dropped it.
            _ = epoll_ctl(file, EPOLL_CTL_DEL, socket.rawValue, &event)
            return
        }
        let known = existing[socket] != nil
        var status = epoll_ctl(file, known ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, socket.rawValue, &event)
        if status != 0, known, errno == ENOENT {
            status = epoll_ctl(file, EPOLL_CTL_ADD, socket.rawValue, &event)
        } else if status != 0, !known, errno == EEXIST {
            status = epoll_ctl(file, EPOLL_CTL_MOD, socket.rawValue, &event)
        }
        guard status == 0 else {
            existing[socket] = nil
            throw SocketError.makeFailed("epoll_ctl")
        }
        existing[socket] = events
    }

    func getNotifications() throws -> [EventNotification] {
        guard canary >= 0 else { throw SocketError.disconnected }
        var events = [epoll_event](repeating: epoll_event(), count: eventsLimit)
        let count = epoll_wait(file, &events, Int32(eventsLimit), -1)
        guard count > 0 else {
            if count == -1 && errno == EINTR { return [] }
            throw SocketError.makeFailed("epoll_wait")
        }
        return try events.prefix(Int(count)).map { event in
            if event.data.fd == canary { throw SocketError.disconnected }
            return notification(from: event)
        }
    }

    private func notification(from event: epoll_event) -> EventNotification {
        let flags = event.events
        var events = Socket.Events()
        if flags & EPOLLIN.rawValue != 0 { events.insert(.read) }
        if flags & EPOLLOUT.rawValue != 0 { events.insert(.write) }
        let file = Socket.FileDescriptor(rawValue: event.data.fd)
        var errors = Set<EventNotification.Error>()
        if flags & EPOLLIN.rawValue == 0, flags & (EPOLLHUP.rawValue | EPOLLRDHUP.rawValue) != 0 {
            errors.insert(.endOfFile)
        }
        if flags & (EPOLLERR.rawValue | EPOLLPRI.rawValue) != 0 { errors.insert(.error) }
        // An error-only wake-up still has to reach whoever waits on the descriptor.
        if events.isEmpty, let registered = existing[file] { events = registered }
        return EventNotification(file: file, events: events, errors: errors)
    }

    private static func mask(_ events: Socket.Events) -> UInt32 {
        var mask = EPOLLET.rawValue
        if events.contains(.read) { mask |= EPOLLIN.rawValue }
        if events.contains(.write) { mask |= EPOLLOUT.rawValue }
        return mask
    }
}
#endif
