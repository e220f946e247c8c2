import ArgumentParser
import Foundation
import ParleyHTTP

#if canImport(Glibc)
    import Glibc
#endif

/// `parley bench-yardstick-server` as `parley bench http` runs it: this same binary in a child
/// process on a free loopback port.
final class YardstickProcess {
    let process = Process()
    let port: Int

    /// Starts the yardstick; it is stopped by `stop()` (or when this object goes away).
    init() throws {
        port = try ServeProcess.freeLoopbackPort()
        let path = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? Bundle.main.executablePath
        guard let path else { throw ValidationError("cannot find the parley executable to start") }
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["bench-yardstick-server", "--host", "127.0.0.1", "--port", String(port)]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    deinit { stop() }

    var pid: Int32 { process.processIdentifier }
    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Waits until `GET /` answers 200.
    func waitUntilAnswering(client: ParleyHTTPClient, timeout: Duration = .seconds(30)) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            guard process.isRunning else { throw ValidationError("the yardstick server exited (status \(process.terminationStatus))") }
            let request = ParleyHTTPClient.Request(url: baseURL + "/", timeout: .seconds(2))
            if let response = try? await client.execute(request), response.status == 200 { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw ValidationError("the yardstick server did not answer GET / within \(timeout)")
    }

    /// Stops it with SIGTERM (SIGKILL after 10 s) and waits for it.
    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        let deadline = ContinuousClock.now + .seconds(10)
        while process.isRunning, ContinuousClock.now < deadline { usleep(20_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}
