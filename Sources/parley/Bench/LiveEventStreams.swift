import ArgumentParser
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// `GET /v1/events` streams that read what the server sends, as open panels do: one thread polls
/// every stream's socket and drains it, counting the bytes. Streams can be closed and reopened
/// while the others stay open, as tabs come and go.
final class LiveEventStreams: @unchecked Sendable {
    private let port: Int
    private let key: String
    /// Open sockets and the bytes read from all of them; the reader thread and callers share it.
    private let state = Mutex<State>(State())
    private var reader: Thread?

    private struct State {
        var sockets: [Int32] = []
        var bytesRead = 0
        /// Streams the server ended (end of file or an error while reading).
        var ended = 0
        var stopping = false
    }

    /// Opens `count` streams to `port` with the API key `key` and starts reading them.
    /// - Throws: when a connection fails or a stream is not answered with 200 within 30 s.
    init(count: Int, port: Int, key: String) throws {
        self.port = port
        self.key = key
        try open(count)
        let thread = Thread { [weak self] in self?.readUntilStopped() }
        thread.name = "bench-event-streams"
        reader = thread
        thread.start()
    }

    deinit { stop() }

    /// How many streams are open, the bytes read from them so far, and how many the server ended.
    var snapshot: (open: Int, bytesRead: Int, ended: Int) {
        state.withLock { ($0.sockets.count, $0.bytesRead, $0.ended) }
    }

    /// Closes the `count` oldest streams and opens as many new ones.
    func churn(_ count: Int) throws {
        let closing = state.withLock { state -> [Int32] in
            let closing = Array(state.sockets.prefix(count))
            state.sockets.removeFirst(closing.count)
            return closing
        }
        for fd in closing { Glibc.close(fd) }
        try open(closing.count)
    }

    /// Stops reading and closes every stream.
    func stop() {
        let sockets = state.withLock { state -> [Int32] in
            state.stopping = true
            defer { state.sockets = [] }
            return state.sockets
        }
        for fd in sockets { Glibc.close(fd) }
    }

    private func open(_ count: Int) throws {
        let request = Array(
            "GET /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(key)\r\nAccept: text/event-stream\r\n\r\n".utf8)
        for _ in 0..<count {
            let fd = try LoopbackConnection.connect(port: port)
            let written = request.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            var timeout = timeval(tv_sec: 30, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            var buffer = [UInt8](repeating: 0, count: 512)
            let read = written == request.count ? buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) } : -1
            let head = read > 0 ? String(decoding: buffer[0..<read], as: UTF8.self) : ""
            guard head.hasPrefix("HTTP/1.1 200") else {
                Glibc.close(fd)
                throw ValidationError("an event stream was not accepted: \(head.isEmpty ? "no answer in 30 s" : String(head.prefix(200)))")
            }
            let _: Void = state.withLock { $0.sockets.append(fd); $0.bytesRead += read }
        }
    }

    /// The reader thread: polls the open sockets (the set as it is now, every 100 ms at most) and
    /// drains those that have data.
    private func readUntilStopped() {
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while true {
            let sockets = state.withLock { $0.stopping ? nil : $0.sockets }
            guard let sockets else { return }
            var polled = sockets.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            guard !polled.isEmpty, poll(&polled, nfds_t(polled.count), 100) > 0 else {
                if polled.isEmpty { usleep(100_000) }
                continue
            }
            for entry in polled where entry.revents != 0 {
                // A socket churn closed meanwhile may have been reused by one still being opened.
                guard state.withLock({ $0.sockets.contains(entry.fd) }) else { continue }
                let read = buffer.withUnsafeMutableBytes { recv(entry.fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
                if read > 0 {
                    let _: Void = state.withLock { $0.bytesRead += read }
                } else if read == 0 || (errno != EAGAIN && errno != EWOULDBLOCK) {
                    // The server ended this stream: count it and forget the socket (a closed one
                    // may already have been replaced by churn, so only close what is still ours).
                    let ours = state.withLock { state -> Bool in
                        guard let index = state.sockets.firstIndex(of: entry.fd) else { return false }
                        state.sockets.remove(at: index)
                        state.ended += 1
                        return true
                    }
                    if ours { Glibc.close(entry.fd) }
                }
            }
        }
    }
}

/// A blocking TCP connection to a port on 127.0.0.1.
enum LoopbackConnection {
    static func connect(port: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ValidationError("socket() failed: errno \(errno) (too many open files? raise ulimit -n)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        guard connected else {
            Glibc.close(fd)
            throw ValidationError("could not connect to 127.0.0.1:\(port): errno \(errno)")
        }
        return fd
    }
}
