import ArgumentParser
import Foundation
import ParleyHTTP
import ParleyTranslation

#if canImport(Glibc)
    import Glibc
#endif

/// `parley serve` as the HTTP benchmark runs it: this same binary in a child process, on a free
/// loopback port and a temporary SQLite database, with the demo seed and an API key made for the run.
final class ServeProcess {
    let process = Process()
    let port: Int
    /// The rep's key (`rep:demo.rep@parley.local`).
    let key: String
    /// The temporary folder: the database and the server's log.
    let folder: URL
    private let ownsFolder: Bool
    private let log: URL
    /// The SQLite database the server uses.
    var database: URL { folder.appendingPathComponent("parley.sqlite") }

    /// Starts the server; it is stopped by `stop()` (or when this object goes away).
    /// - Parameters:
    ///   - apertiumURL: the Apertium APy the server translates with.
    ///   - glossaries: the glossaries folder.
    ///   - industry: the industry glossary to enforce.
    ///   - folder: where the database and the log go; a new temporary folder by default, removed
    ///     when this object goes away. A given folder is kept, so a second server can use its database.
    ///   - databaseURL: a postgres:// URL to serve instead of the folder's SQLite file.
    ///   - settings: more `PARLEY_` settings for the server, e.g. `PARLEY_CACHE_MEMORY_MEGABYTES`.
    init(
        apertiumURL: String, glossaries: String, industry: String, folder given: URL? = nil, databaseURL: String? = nil,
        settings: [String: String] = [:]
    ) throws {
        folder = given ?? FileManager.default.temporaryDirectory.appendingPathComponent("parley-bench-http-\(UUID())")
        ownsFolder = given == nil
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        log = folder.appendingPathComponent("serve-\(UUID().uuidString.prefix(8)).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        port = try Self.freeLoopbackPort()
        key = "bench-" + UUID().uuidString.lowercased()

        process.executableURL = try Self.executable()
        process.arguments = [
            "serve", "--host", "127.0.0.1", "--port", String(port), "--demo",
            "--database", databaseURL ?? folder.appendingPathComponent("parley.sqlite").path,
            "--backend", "apertium", "--backend-url", apertiumURL, "--industry", industry, "--dir", glossaries,
        ]
        // Nothing of the caller's own service settings; the rate limit raised so that it is not what is measured.
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PARLEY_") }
        environment["PARLEY_API_KEYS"] = "rep:demo.rep@parley.local=\(key)"
        environment["PARLEY_LIMITS_REQUESTS_PER_MINUTE"] = "1000000"
        environment["PARLEY_LIMITS_BURST"] = "100000"
        environment.merge(settings) { _, given in given }
        process.environment = environment
        let output = try FileHandle(forWritingTo: log)
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    deinit {
        stop()
        if ownsFolder { try? FileManager.default.removeItem(at: folder) }
    }

    var pid: Int32 { process.processIdentifier }
    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Waits until `GET /healthz` answers 200.
    /// - Throws: when the server exits or does not answer within `timeout`, with the end of its log.
    func waitUntilHealthy(client: ParleyHTTPClient, timeout: Duration = .seconds(60)) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            guard process.isRunning else {
                throw ValidationError("parley serve exited (status \(process.terminationStatus)) before it answered:\n\(logTail())")
            }
            let request = ParleyHTTPClient.Request(url: baseURL + "/healthz", timeout: .seconds(2))
            if let response = try? await client.execute(request), response.status == 200 { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw ValidationError("parley serve did not answer GET /healthz within \(timeout):\n\(logTail())")
    }

    /// The last lines the server wrote.
    func logTail(lines: Int = 20) -> String {
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
    }

    /// Stops the server with SIGTERM (SIGKILL after 10 s) and waits for it.
    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        let deadline = ContinuousClock.now + .seconds(10)
        while process.isRunning, ContinuousClock.now < deadline { usleep(20_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// This executable (so the benchmark measures the build that runs it).
    private static func executable() throws -> URL {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return URL(fileURLWithPath: path)
        }
        guard let path = Bundle.main.executablePath else { throw ValidationError("cannot find the parley executable to start") }
        return URL(fileURLWithPath: path)
    }

    /// A port on 127.0.0.1 that nothing listens on now (the kernel's choice for port 0).
    static func freeLoopbackPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ValidationError("socket() failed: errno \(errno)") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw ValidationError("bind() to 127.0.0.1:0 failed: errno \(errno)") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { throw ValidationError("getsockname() failed: errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
