import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// An HTTP/1.1 server on 127.0.0.1 for tests: it stands in for providers that cannot run here
/// (DeepL, Google, Azure, OpenAI) and misbehaves on purpose when asked — slow answers, connections
/// reset mid-body, truncated bodies — which no HTTP server library does on request.
///
/// Each connection is served on its own thread, with keep-alive. Every request is recorded.
public final class FakeHTTPServer: @unchecked Sendable {
    /// A request as received.
    public struct Request: Sendable {
        public var method: String
        /// The path with its query, e.g. `/v2/translate?x=1`.
        public var target: String
        public var headers: [(name: String, value: String)]
        public var body: [UInt8]

        /// The path without the query.
        public var path: String { String(target.split(separator: "?", maxSplits: 1).first ?? "") }

        /// Query parameters (percent-decoded; `+` as space).
        public var query: [String: [String]] {
            guard let index = target.firstIndex(of: "?") else { return [:] }
            return Self.decodeForm(String(target[target.index(after: index)...]))
        }

        /// Form fields of an `application/x-www-form-urlencoded` body.
        public var form: [String: [String]] { Self.decodeForm(text) }

        public var text: String { String(decoding: body, as: UTF8.self) }

        /// The first value of a header (case-insensitive).
        public func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }

        /// The body as JSON.
        public var json: Any? { try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed]) }

        static func decodeForm(_ text: String) -> [String: [String]] {
            var result: [String: [String]] = [:]
            for pair in text.split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let key = (String(parts[0]).replacingOccurrences(of: "+", with: " ")).removingPercentEncoding ?? String(parts[0])
                let value = parts.count > 1
                    ? (String(parts[1]).replacingOccurrences(of: "+", with: " ")).removingPercentEncoding ?? String(parts[1]) : ""
                result[key, default: []].append(value)
            }
            return result
        }
    }

    /// What the server does with a request.
    public indirect enum Reply: Sendable {
        /// An ordinary response (Content-Length set for you).
        case respond(status: Int, headers: [(name: String, value: String)], body: [UInt8])
        /// Waits, then does the other reply.
        case delay(Duration, Reply)
        /// Closes the connection with a TCP reset, without a response.
        case reset
        /// Sends the status and headers, announces the whole body but sends only `sending` bytes of
        /// it, then resets the connection.
        case truncated(status: Int, body: [UInt8], sending: Int)

        /// A JSON response.
        public static func json(_ status: Int = 200, _ object: Any, headers: [(name: String, value: String)] = []) -> Reply {
            let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .fragmentsAllowed])) ?? Data()
            return .respond(status: status, headers: [("Content-Type", "application/json")] + headers, body: Array(data))
        }

        /// A response with a raw text body.
        public static func text(_ status: Int = 200, _ text: String, contentType: String = "application/json",
                                headers: [(name: String, value: String)] = []) -> Reply {
            .respond(status: status, headers: [("Content-Type", contentType)] + headers, body: Array(text.utf8))
        }
    }

    /// The port it listens on.
    public let port: Int
    /// `http://127.0.0.1:PORT`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    private let listener: Int32
    private let handler: @Sendable (Request) -> Reply
    private let lock = NSLock()
    private var recorded: [Request] = []
    private var connections: Set<Int32> = []
    private var accepted = 0
    private var inFlight = 0
    private var mostInFlight = 0
    private var stopped = false

    /// Starts a server on a free loopback port.
    /// - Parameter handler: decides the reply to each request.
    public init(handler: @escaping @Sendable (Request) -> Reply) throws {
        self.handler = handler
        (listener, port) = try LoopbackSocket.listen(port: 0)
        let thread = Thread { [self] in self.acceptLoop() }
        thread.start()
    }

    deinit { stop() }

    /// Every request received so far.
    public var requests: [Request] {
        lock.lock()
        defer { lock.unlock() }
        return recorded
    }

    /// How many connections were accepted so far (keep-alive reuse shows as fewer connections than requests).
    public var connectionCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return accepted
    }

    /// The most requests that were being answered at the same moment.
    public var maximumConcurrentRequests: Int {
        lock.lock()
        defer { lock.unlock() }
        return mostInFlight
    }

    /// Stops listening and closes open connections.
    public func stop() {
        lock.lock()
        let wasStopped = stopped
        stopped = true
        let open = connections
        lock.unlock()
        if wasStopped { return }
        // Only shut the socket down here: the accept thread closes it, so its number cannot be reused
        // by another server while this one's thread may still call accept on it.
        shutdown(listener, Int32(SHUT_RDWR))
        for connection in open { shutdown(connection, Int32(SHUT_RDWR)) }
    }

    private func acceptLoop() {
        defer { close(listener) }
        while true {
            let connection = accept(listener, nil, nil)
            if connection < 0 {
                lock.lock()
                let done = stopped
                lock.unlock()
                if done || (errno != EINTR && errno != ECONNABORTED) { return }
                continue
            }
            lock.lock()
            let done = stopped
            lock.unlock()
            if done {
                close(connection)
                return
            }
            lock.lock()
            connections.insert(connection)
            accepted += 1
            lock.unlock()
            Thread { [weak self] in self?.serve(connection) }.start()
        }
    }

    private func serve(_ connection: Int32) {
        var buffer: [UInt8] = []
        defer {
            lock.lock()
            connections.remove(connection)
            lock.unlock()
            close(connection)
        }
        while let request = readRequest(connection, buffer: &buffer) {
            lock.lock()
            recorded.append(request)
            inFlight += 1
            mostInFlight = max(mostInFlight, inFlight)
            lock.unlock()
            let reply = handler(request)
            let keepOpen = send(reply, on: connection)
            lock.lock()
            inFlight -= 1
            lock.unlock()
            if !keepOpen { return }
            if request.header("Connection")?.lowercased() == "close" { return }
        }
    }

    /// Sends a reply; false when the connection is to be closed.
    private func send(_ reply: Reply, on connection: Int32) -> Bool {
        switch reply {
        case .delay(let duration, let next):
            let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
            Thread.sleep(forTimeInterval: seconds)
            return send(next, on: connection)
        case .reset:
            LoopbackSocket.reset(connection)
            return false
        case .truncated(let status, let body, let sending):
            let head = "HTTP/1.1 \(status) \(LoopbackSocket.reason(status))\r\nContent-Type: application/json\r\nContent-Length: \(body.count)\r\n\r\n"
            LoopbackSocket.writeAll(connection, Array(head.utf8) + body.prefix(sending))
            Thread.sleep(forTimeInterval: 0.05)
            LoopbackSocket.reset(connection)
            return false
        case .respond(let status, let headers, let body):
            var head = "HTTP/1.1 \(status) \(LoopbackSocket.reason(status))\r\n"
            for (name, value) in headers { head += "\(name): \(value)\r\n" }
            head += "Content-Length: \(body.count)\r\n\r\n"
            return LoopbackSocket.writeAll(connection, Array(head.utf8) + body)
        }
    }

    private func readRequest(_ connection: Int32, buffer: inout [UInt8]) -> Request? {
        let separator: [UInt8] = [13, 10, 13, 10]
        var headerEnd: Int?
        while true {
            if let end = LoopbackSocket.find(separator, in: buffer[...]) {
                headerEnd = end
                break
            }
            guard LoopbackSocket.fill(connection, &buffer) else { return nil }
        }
        guard let end = headerEnd else { return nil }
        let head = String(decoding: buffer[..<end], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
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

