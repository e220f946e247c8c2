import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// An HTTP/1.1 proxy on 127.0.0.1 that sits between Parley and a real backend (Apertium APy) and
/// injects faults on request: switched at run time, it passes requests through, refuses
/// connections as a stopped server does, answers late, answers 5xx or 429 with `Retry-After`, or
/// breaks the backend's real answer (malformed JSON, a body shorter than its `Content-Length`, a
/// connection reset in the middle of the body).
///
/// ```swift
/// let proxy = try FaultProxy(upstream: apertiumURL)     // give proxy.baseURL to Parley
/// try proxy.set(.refuse)                                // the backend is "stopped"
/// try proxy.set(.passThrough)                           // and back, on the same port
/// ```
///
/// Each client connection is served on its own thread, with keep-alive; each forwarded request
/// opens its own connection to the backend.
public final class FaultProxy: @unchecked Sendable {
    /// What the proxy does with the next requests.
    public enum Mode: Sendable, Equatable, CustomStringConvertible {
        /// Forwards each request to the backend and relays its answer.
        case passThrough
        /// Nothing listens on the port (connections are refused) and open connections are closed,
        /// as when the backend is stopped.
        case refuse
        /// Holds each request this long, then forwards it (or finds the client gone).
        case delay(Duration)
        /// Answers this status with an APy-style error body, and `Retry-After` when given.
        case status(Int, retryAfter: String? = nil)
        /// Answers 200 with a JSON content type and a body that is not JSON.
        case malformedJSON
        /// Forwards, then relays the answer's head with its full `Content-Length` but only half of
        /// its body, and closes the connection cleanly.
        case truncatedJSON
        /// Forwards, then relays the answer's head and half of its body, and resets the connection
        /// (`SO_LINGER` 0).
        case resetMidBody

        public var description: String {
            switch self {
            case .passThrough: "pass-through"
            case .refuse: "refuse connections"
            case .delay(let duration): "delay \(duration)"
            case .status(let status, let retryAfter): "status \(status)" + (retryAfter.map { ", Retry-After \($0)" } ?? "")
            case .malformedJSON: "malformed JSON"
            case .truncatedJSON: "truncated JSON"
            case .resetMidBody: "reset mid-body"
            }
        }
    }

    /// The port it listens on (the same one again after ``Mode/refuse``).
    public let port: Int
    /// `http://127.0.0.1:PORT`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }
    /// The backend, e.g. `http://127.0.0.1:2737`.
    public let upstream: String
    /// The body ``Mode/malformedJSON`` answers.
    public static let malformedBody = #"{"responseData": {"translatedText": "Hola"}, "responseStatus": 200,, <html>"#
    /// What ``Mode/truncatedJSON`` and ``Mode/resetMidBody`` cut short when the backend gave nothing.
    static let standIn = #"{"responseData": {"translatedText": "Hola"}, "responseDetails": null, "responseStatus": 200}"#
    static let jsonType = ("Content-Type", "application/json; charset=UTF-8")

    private let upstreamHost: String
    private let upstreamPort: Int
    private let lock = NSLock()
    private var currentMode: Mode = .passThrough
    private var listener: Int32 = -1
    private var acceptDone: DispatchSemaphore?
    private var connections: Set<Int32> = []
    private var received = 0
    private var forwarded = 0
    private var stopped = false

    /// Starts a proxy in ``Mode/passThrough`` on a free loopback port.
    /// - Parameter upstream: the backend's base URL (`http://host:port`).
    public init(upstream: String) throws {
        guard let url = URL(string: upstream), url.scheme == "http", let host = url.host else {
            throw POSIXError(.EINVAL)
        }
        self.upstream = upstream
        upstreamHost = host
        upstreamPort = url.port ?? 80
        let (socket, port) = try LoopbackSocket.listen(port: 0)
        self.port = port
        startAccepting(socket)
    }

    deinit { stop() }

    /// The mode now.
    public var mode: Mode {
        lock.lock()
        defer { lock.unlock() }
        return currentMode
    }

    /// How many requests reached the proxy (in any mode but ``Mode/refuse``).
    public var requestCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return received
    }

    /// How many requests were sent on to the backend.
    public var forwardedCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return forwarded
    }

    /// Switches the mode for the requests that come next. Leaving ``Mode/refuse`` listens on the
    /// same port again.
    /// - Throws: when the port cannot be bound again.
    public func set(_ mode: Mode) throws {
        lock.lock()
        let was = currentMode
        currentMode = mode
        lock.unlock()
        if mode == .refuse, was != .refuse {
            closeListener()
        } else if mode != .refuse, was == .refuse {
            do {
                let (socket, _) = try LoopbackSocket.listen(port: port)
                startAccepting(socket)
            } catch {
                lock.lock()
                currentMode = .refuse
                lock.unlock()
                throw error
            }
        }
    }

    /// Stops listening and closes open connections.
    public func stop() {
        lock.lock()
        let wasStopped = stopped
        stopped = true
        lock.unlock()
        if !wasStopped { closeListener() }
    }

    // MARK: - Listening

    private func startAccepting(_ socket: Int32) {
        let done = DispatchSemaphore(value: 0)
        lock.lock()
        listener = socket
        acceptDone = done
        lock.unlock()
        Thread { [self] in self.acceptLoop(socket, done: done) }.start()
    }

    /// Closes the listening socket (waiting until its accept thread has let go of it, so the port
    /// can be bound again) and every open connection.
    private func closeListener() {
        lock.lock()
        let socket = listener
        let done = acceptDone
        listener = -1
        acceptDone = nil
        // Shut down under the lock: a connection's thread removes it, then closes it, under the
        // same lock, so no number here can belong to a newer socket.
        for connection in connections { shutdown(connection, Int32(SHUT_RDWR)) }
        lock.unlock()
        guard socket >= 0 else { return }
        shutdown(socket, Int32(SHUT_RDWR))
        done?.wait()
    }

    private func acceptLoop(_ socket: Int32, done: DispatchSemaphore) {
        defer {
            close(socket)
            done.signal()
        }
        while true {
            let connection = accept(socket, nil, nil)
            lock.lock()
            let current = listener == socket && !stopped
            if connection >= 0, current { connections.insert(connection) }
            lock.unlock()
            if connection < 0 {
                if current, errno == EINTR || errno == ECONNABORTED { continue }
                return
            }
            guard current else {
                close(connection)
                return
            }
            Thread { [weak self] in self?.serve(connection) }.start()
        }
    }

    // MARK: - Serving

    private func serve(_ connection: Int32) {
        var buffer: [UInt8] = []
        defer {
            lock.lock()
            connections.remove(connection)
            close(connection)
            lock.unlock()
        }
        while let request = Self.readRequest(connection, buffer: &buffer) {
            lock.lock()
            received += 1
            let mode = currentMode
            lock.unlock()
            guard answer(request, mode: mode, on: connection) else { return }
        }
    }

    /// Answers one request; false when the connection is to be closed.
    private func answer(_ request: Request, mode: Mode, on connection: Int32) -> Bool {
        switch mode {
        case .passThrough, .refuse:
            guard let response = forward(request) else {
                LoopbackSocket.reset(connection)
                return false
            }
            return LoopbackSocket.writeAll(connection, response.serialized(contentLength: response.body.count) + response.body)
        case .delay(let duration):
            guard sleep(for: duration) else { return false }
            return answer(request, mode: .passThrough, on: connection)
        case .status(let status, let retryAfter):
            let body = #"{"status":"error","code":\#(status),"message":"\#(LoopbackSocket.reason(status))","#
                + #""explanation":"injected by the fault proxy"}"#
            var headers = [Self.jsonType]
            if let retryAfter { headers.append(("Retry-After", retryAfter)) }
            let response = Response(status: status, headers: headers, body: Array(body.utf8))
            return LoopbackSocket.writeAll(connection, response.serialized(contentLength: response.body.count) + response.body)
        case .malformedJSON:
            let response = Response(status: 200, headers: [Self.jsonType], body: Array(Self.malformedBody.utf8))
            return LoopbackSocket.writeAll(connection, response.serialized(contentLength: response.body.count) + response.body)
        case .truncatedJSON, .resetMidBody:
            let response = forward(request) ?? Response(status: 200, headers: [Self.jsonType], body: Array(Self.standIn.utf8))
            let half = max(1, response.body.count / 2)
            let head = response.serialized(contentLength: response.body.count)
            LoopbackSocket.writeAll(connection, head + response.body.prefix(half))
            if mode == .resetMidBody {
                LoopbackSocket.reset(connection)
            } else {
                shutdown(connection, Int32(SHUT_WR))
            }
            return false
        }
    }

    /// Waits, waking early only when the proxy stops; false if it stopped.
    private func sleep(for duration: Duration) -> Bool {
        let end = ContinuousClock.now + duration
        while ContinuousClock.now < end {
            lock.lock()
            let done = stopped
            lock.unlock()
            if done { return false }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return true
    }

    /// Sends the request to the backend on a new connection and reads its whole answer; nil when
    /// the backend cannot be reached or answers nothing usable.
    private func forward(_ request: Request) -> Response? {
        lock.lock()
        forwarded += 1
        lock.unlock()
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { return nil }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(upstreamPort).bigEndian
        address.sin_addr.s_addr = inet_addr(upstreamHost == "localhost" ? "127.0.0.1" : upstreamHost)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return nil }
        let skipped: Set<String> = ["host", "connection", "keep-alive", "content-length", "transfer-encoding", "expect"]
        var head = "\(request.method) \(request.target) HTTP/1.1\r\nHost: \(upstreamHost):\(upstreamPort)\r\n"
        for (name, value) in request.headers where !skipped.contains(name.lowercased()) { head += "\(name): \(value)\r\n" }
        head += "Content-Length: \(request.body.count)\r\nConnection: close\r\n\r\n"
        guard LoopbackSocket.writeAll(socket, Array(head.utf8) + request.body) else { return nil }
        var bytes: [UInt8] = []
        while LoopbackSocket.fill(socket, &bytes) {}
        return Response(parsing: bytes)
    }

    // MARK: - HTTP on sockets

    struct Request {
        var method: String
        var target: String
        var headers: [(name: String, value: String)]
        var body: [UInt8]
    }

    struct Response {
        var status: Int
        var headers: [(String, String)]
        var body: [UInt8]

        init(status: Int, headers: [(String, String)], body: [UInt8]) {
            self.status = status
            self.headers = headers
            self.body = body
        }

        /// A whole HTTP/1.1 answer read until the backend closed; a chunked body is joined.
        init?(parsing bytes: [UInt8]) {
            guard let end = LoopbackSocket.find([13, 10, 13, 10], in: bytes[...]) else { return nil }
            var lines = String(decoding: bytes[..<end], as: UTF8.self).components(separatedBy: "\r\n")
            let statusLine = lines.removeFirst().split(separator: " ")
            guard statusLine.count >= 2, let status = Int(statusLine[1]) else { return nil }
            self.status = status
            headers = lines.compactMap { line in
                guard let colon = line.firstIndex(of: ":") else { return nil }
                return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
            }
            var body = Array(bytes[(end + 4)...])
            let chunked = headers.contains { $0.0.lowercased() == "transfer-encoding" && $0.1.lowercased().contains("chunked") }
            if chunked {
                var joined: [UInt8] = []
                var rest = body[...]
                while let lineEnd = LoopbackSocket.find([13, 10], in: rest),
                    let sizeField = String(decoding: rest[rest.startIndex..<lineEnd], as: UTF8.self).split(separator: ";").first,
                    let size = Int(sizeField.trimmingCharacters(in: .whitespaces), radix: 16),
                    size > 0, lineEnd + 2 + size <= rest.endIndex
                {
                    joined += rest[(lineEnd + 2)..<(lineEnd + 2 + size)]
                    rest = rest[min(rest.endIndex, lineEnd + 2 + size + 2)...]
                }
                body = joined
            } else if let length = headers.first(where: { $0.0.lowercased() == "content-length" }).flatMap({ Int($0.1) }) {
                body = Array(body.prefix(length))
            }
            self.body = body
        }

        /// The status line and headers, announcing `contentLength` bytes of body.
        func serialized(contentLength: Int) -> [UInt8] {
            let skipped: Set<String> = ["connection", "keep-alive", "content-length", "transfer-encoding"]
            var head = "HTTP/1.1 \(status) \(LoopbackSocket.reason(status))\r\n"
            for (name, value) in headers where !skipped.contains(name.lowercased()) { head += "\(name): \(value)\r\n" }
            head += "Content-Length: \(contentLength)\r\n\r\n"
            return Array(head.utf8)
        }
    }

    private static func readRequest(_ connection: Int32, buffer: inout [UInt8]) -> Request? {
        var headerEnd: Int?
        while headerEnd == nil {
            headerEnd = LoopbackSocket.find([13, 10, 13, 10], in: buffer[...])
            if headerEnd == nil, !LoopbackSocket.fill(connection, &buffer) { return nil }
        }
        guard let end = headerEnd else { return nil }
        var lines = String(decoding: buffer[..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ")
        guard requestLine.count >= 2 else { return nil }
        let headers: [(name: String, value: String)] = lines.compactMap { line in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        let length = headers.first { $0.name.lowercased() == "content-length" }.flatMap { Int($0.value) } ?? 0
        let bodyStart = end + 4
        while buffer.count < bodyStart + length {
            guard LoopbackSocket.fill(connection, &buffer) else { return nil }
        }
        let body = Array(buffer[bodyStart..<(bodyStart + length)])
        buffer.removeFirst(bodyStart + length)
        return Request(method: String(requestLine[0]), target: String(requestLine[1]), headers: headers, body: body)
    }
}

