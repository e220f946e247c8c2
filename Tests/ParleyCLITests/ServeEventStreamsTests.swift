import Foundation
import ParleyHTTP
import ParleyThreads
import ParleyThreadsTesting
import ParleyTranslation
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `parley serve` with 50 `GET /v1/events` streams opened at the same instant, as browsers do when
/// they reconnect after a restart (issue 14): the service keeps answering `/healthz` and webhooks,
/// the webhook's event reaches every stream, and SIGTERM stops it. The waits are bounded only to
/// turn a hang into a failure; nothing is timed.
@Suite(.serialized) struct ServeEventStreamsTests {
    static let repKey = "dana-key-0123456789abcdef"
    static let streams = 50

    @Test(arguments: StoreKind.allCases) func fiftyStreamsAtOnceLeaveTheServiceResponsive(_ kind: StoreKind) async throws {
        let apertium = try TranslateCommandTests.apertiumURL()
        try await withTestDatabase(kind) { database in
            let seeding = try await database.threadStore()
            let rep = try await seeding.createRep(name: "Dana", email: "dana@example.com", role: .rep)
            _ = try await seeding.assignNumber(try PhoneNumber(parsing: ServeCrashTests.businessNumber), to: rep.id)
            if let seeding = seeding as? SQLiteThreadStore { try seeding.database.close() }

            let client = ParleyHTTPClient(configuration: .init(connectTimeout: .seconds(2), timeout: .seconds(20)))
            let server = try ServerProcess(
                database: database.serveArgument, apertium: apertium,
                environment: ["PARLEY_API_KEYS": "rep:dana@example.com=\(Self.repKey)"])
            defer { server.stop() }
            try await server.waitUntilHealthy(client: client)

            // Every connection first, then every request in one go.
            let streams = try (0..<Self.streams).map { _ in try RawEventStream(port: server.port) }
            defer { for stream in streams { stream.close() } }
            for stream in streams { stream.startReading() }
            for stream in streams { try stream.send(path: "/v1/events", key: Self.repKey) }
            let opened = await Self.eventually { streams.allSatisfy { $0.received.contains("retry: 2000") } }
            #expect(opened, "\(streams.filter { $0.received.contains("retry: 2000") }.count) of \(Self.streams) streams opened: \(server.log)")

            let health = try await client.execute(ParleyHTTPClient.Request(url: "http://127.0.0.1:\(server.port)/healthz"))
            #expect(health.status == 200)

            let webhook = ServeCrashTests.Webhook(
                sid: "SM" + String(format: "%032x", 0x5EE_0050), from: ServeCrashTests.contacts[0],
                text: "Hola, ¿siguen abiertos hoy?")
            let ack = await ServeCrashTests.post(webhook, port: server.port, client: client)
            #expect(ack.1, "the webhook was not acknowledged: \(server.log)")
            let reached = await Self.eventually { streams.allSatisfy { $0.received.contains(webhook.sid) } }
            #expect(reached, "\(streams.filter { $0.received.contains(webhook.sid) }.count) of \(Self.streams) streams got the webhook's event")

            // SIGTERM: the streams end at once and the process exits by itself.
            server.terminate()
            var status: Int32 = -1
            for _ in 0..<6 where status == -1 { status = try await server.waitForExit() }
            #expect(status == 0, "parley serve did not stop on SIGTERM: \(server.log)")
            #expect(await Self.eventually { streams.allSatisfy(\.ended) })
        }
    }

    /// Whether `condition` holds within a minute; the bound only catches a hang.
    static func eventually(_ condition: () -> Bool) async -> Bool {
        for _ in 0..<600 {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return condition()
    }
}

/// An HTTP/1.1 client on a plain loopback socket that reads a response as it comes, so that many
/// streams can be opened at the same instant without a process each.
final class RawEventStream: Sendable {
    private let socket: Int32
    private let text = Mutex("")
    private let finished = Atomic<Bool>(false)

    /// Connects to the server.
    init(port: Int) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw POSIXError(.EMFILE) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        guard connected else {
            Glibc.close(socket)
            throw POSIXError(.ECONNREFUSED)
        }
    }

    /// What the server sent so far, raw (chunked framing included).
    var received: String { text.withLock { $0 } }

    /// Whether the server closed the connection.
    var ended: Bool { finished.load(ordering: .relaxed) }

    /// Reads on a thread of its own until the connection closes.
    func startReading() {
        Thread { [self] in
            var buffer = [UInt8](repeating: 0, count: 16_384)
            while true {
                let count = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
                guard count > 0 else { break }
                let chunk = String(decoding: buffer[0..<count], as: UTF8.self)
                text.withLock { $0 += chunk }
            }
            finished.store(true, ordering: .relaxed)
        }.start()
    }

    /// Sends a `GET` with an API key.
    func send(path: String, key: String) throws {
        let request = Array(
            "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(key)\r\nAccept: text/event-stream\r\n\r\n".utf8)
        let written = request.withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        guard written == request.count else { throw POSIXError(.EPIPE) }
    }

    /// Closes the connection; the reading thread ends.
    func close() {
        shutdown(socket, Int32(SHUT_RDWR))
    }

    deinit { Glibc.close(socket) }
}
