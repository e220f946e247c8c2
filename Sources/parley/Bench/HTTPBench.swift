import ArgumentParser
import Foundation
import ParleyHTTP
import ParleyTranslation

/// The http part of `parley bench`: `parley serve` in a child process, loaded with wrk over loopback
/// on `POST /v1/conversations/:id/preview`, cached (the same text every time) against uncached (a
/// new text every time, so each goes to Apertium), taking turns; and the server's resident memory
/// at rest, under load and after it.
struct HTTPBench {
    let apertiumURL: String
    let glossaries: String
    let industry: String
    let wrk: String
    let threads: Int
    let connections: Int
    /// Load time for each of cached and uncached, split over the rounds.
    let seconds: Int
    let rounds: Int

    /// The rep's reply of the cached runs (a link-free SMS with a phone number, an emoji and a glossary term).
    static let cachedText = "Your technician is on the way 🚐 Call (410) 555-0123 if you need to reschedule."

    /// wrk on `PATH`, if there is one.
    static func findWrk() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/wrk" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    func run() async throws {
        let client = ParleyHTTPClient()
        let server = try ServeProcess(apertiumURL: apertiumURL, glossaries: glossaries, industry: industry)
        defer { server.stop() }
        try await server.waitUntilHealthy(client: client)
        try await Task.sleep(for: .seconds(1))
        let atRest = ProcessMemory.of(pid: server.pid)

        let conversation = try await conversationID(server: server, client: client)
        let url = server.baseURL + "/v1/conversations/\(conversation)/preview"
        try await checkPreview(url: url, key: server.key, client: client, server: server)  // and the cache's first entry

        let perRun = max(1, seconds / rounds)
        print("http: parley serve (this binary, pid \(server.pid)) on \(server.baseURL), SQLite in a temporary folder, "
            + "\(industry) glossary, Apertium at \(apertiumURL)")
        print("http: wrk, \(threads) threads, \(connections) connections, POST /v1/conversations/:id/preview; "
            + "\(rounds) rounds of \(perRun) s for each of cached and uncached, taking turns")

        let reads = try await PreviewStoreReads(apertiumURL: apertiumURL, folder: server.folder).measure(text: Self.cachedText)

        // The yardstick: a Hummingbird server with no middleware, built by this same build.
        let yardstick = try YardstickProcess()
        defer { yardstick.stop() }
        try await yardstick.waitUntilAnswering(client: client)
        print("http: yardstick: Hummingbird with no middleware answering GET / (parley bench-yardstick-server, pid \(yardstick.pid)), "
            + "loaded the same way, taking turns with the previews")

        var results: [WrkScript.Mode: WrkResult] = [.cached: WrkResult(), .uncached: WrkResult()]
        var peaks: [WrkScript.Mode: Int] = [.cached: 0, .uncached: 0]
        var floor = WrkResult()
        var health = WrkResult()
        var cachedCPU = 0.0
        for round in 0..<rounds {
            floor.merge(try await load(url: yardstick.baseURL + "/", script: WrkGetScript.text, name: "yardstick", round: round, seconds: perRun, server: server).0)
            for mode in round % 2 == 0 ? [WrkScript.Mode.cached, .uncached] : [.uncached, .cached] {
                let script = WrkScript(mode: mode, key: server.key, cachedText: Self.cachedText)
                let cpuBefore = ProcessCPU.seconds(pid: server.pid)
                let (result, peak) = try await load(url: url, script: script.text, name: mode.rawValue, round: round, seconds: perRun, server: server)
                if mode == .cached, let before = cpuBefore, let after = ProcessCPU.seconds(pid: server.pid) { cachedCPU += after - before }
                results[mode]!.merge(result)
                peaks[mode] = max(peaks[mode]!, peak)
            }
            health.merge(try await load(url: server.baseURL + "/healthz", script: WrkGetScript.text, name: "healthz", round: round, seconds: perRun, server: server).0)
        }
        try await Task.sleep(for: .seconds(1))
        let afterLoad = ProcessMemory.of(pid: server.pid)

        let cached = results[.cached]!
        let uncached = results[.uncached]!
        print("http: yardstick GET / (Hummingbird, no middleware): \(report(floor))")
        print("http: cached preview (the same English text each time): \(report(cached))")
        if floor.requestsPerSecond > 0 {
            print("http: cached preview against the yardstick, same run: \(String(format: "%.3f", cached.requestsPerSecond / floor.requestsPerSecond)) "
                + "(\(Int(cached.requestsPerSecond.rounded())) / \(Int(floor.requestsPerSecond.rounded())) requests/s)")
        }
        if cached.requests > 0, cachedCPU > 0 {
            print("http: parley serve's CPU per cached preview (user + system, from /proc): "
                + "\(String(format: "%.0f", cachedCPU / Double(cached.requests) * 1e6)) µs")
        }
        print("http: GET /healthz (backend health reused for a second): \(report(health))")
        print("http: uncached preview (a new English text each time: Apertium translates it and back): \(report(uncached))")
        if uncached.requestsPerSecond > 0, let cachedP50 = cached.latency.percentile(50), let uncachedP50 = uncached.latency.percentile(50) {
            print("http: cached against uncached, one run: \(String(format: "%.1f", cached.requestsPerSecond / uncached.requestsPerSecond))× the requests/s, "
                + "p50 latency \(String(format: "%.1f", Double(uncachedP50) / Double(max(1, cachedP50))))× lower")
        }
        print("http: store reads per cached preview (the service in this process on a new SQLite file, counted by SQLite's "
            + "statement trace; a key issued in the app, the industry's memory in the store): "
            + String(format: "%.1f reads (%.1f SQL statements), %.1f writes", reads.reads, reads.statements, reads.writes))
        print("http: memory of parley serve (resident): at rest \(mib(atRest?.residentBytes)); "
            + "most seen under cached load \(mib(peaks[.cached])), under uncached load \(mib(peaks[.uncached])); "
            + "peak \(mib(afterLoad?.peakResidentBytes)) (VmHWM); idle after the load \(mib(afterLoad?.residentBytes))")
    }

    /// One wrk run; the most resident memory seen in the server meanwhile (sampled every 100 ms).
    private func load(url: String, script: String, name: String, round: Int, seconds: Int, server: ServeProcess) async throws -> (WrkResult, Int) {
        let scriptFile = server.folder.appendingPathComponent("\(name).lua")
        try script.write(to: scriptFile, atomically: true, encoding: .utf8)
        let outputFile = server.folder.appendingPathComponent("wrk-\(name)-\(round).out")
        _ = FileManager.default.createFile(atPath: outputFile.path, contents: nil)
        let output = try FileHandle(forWritingTo: outputFile)
        defer { try? output.close() }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: wrk)
        process.arguments = [
            "-t", String(threads), "-c", String(connections), "-d", "\(seconds)s", "--timeout", "10s",
            "-s", scriptFile.path, url, "--", String(round),
        ]
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        var peak = 0
        while process.isRunning {
            if let memory = ProcessMemory.of(pid: server.pid) { peak = max(peak, memory.residentBytes) }
            try await Task.sleep(for: .milliseconds(100))
        }
        process.waitUntilExit()
        let text = (try? String(contentsOf: outputFile, encoding: .utf8)) ?? ""
        guard process.terminationStatus == 0 else {
            throw ValidationError("wrk failed (exit \(process.terminationStatus)):\n\(text)")
        }
        let result: WrkResult
        do { result = try WrkResult(parsing: text) } catch { throw ValidationError("wrk: \(error.description)\n\(text)") }
        guard result.requests > 0, result.statusErrors < result.requests else {
            throw ValidationError("no successful \(name) request under load:\n\(text)\nparley serve's log:\n\(server.logTail())")
        }
        return (result, peak)
    }

    /// The demo conversation, as the rep's first conversation.
    private func conversationID(server: ServeProcess, client: ParleyHTTPClient) async throws -> String {
        let request = ParleyHTTPClient.Request(url: server.baseURL + "/v1/conversations", headers: [("Authorization", "Bearer \(server.key)")])
        let response = try await client.execute(request)
        guard response.status == 200,
            let list = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [[String: Any]],
            let conversation = list.first?["conversation"] as? [String: Any], let id = conversation["id"] as? String
        else {
            throw ValidationError("GET /v1/conversations gave \(response.status): \(response.text)\n\(server.logTail())")
        }
        return id
    }

    /// One preview of the cached text before the load: it must translate (and is cached from then on).
    private func checkPreview(url: String, key: String, client: ParleyHTTPClient, server: ServeProcess) async throws {
        let body = try JSONEncoder().encode(["text": Self.cachedText])
        let request = ParleyHTTPClient.Request(
            method: "POST", url: url, headers: [("Authorization", "Bearer \(key)"), ("Content-Type", "application/json")],
            body: Array(body), timeout: .seconds(30))
        let response = try await client.execute(request)
        let json = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
        guard response.status == 200, json?["status"] as? String == "translated" else {
            throw ValidationError("a preview did not translate (\(response.status)): \(response.text)\n\(server.logTail())")
        }
    }

    private func report(_ result: WrkResult) -> String {
        let latency = [50.0, 95, 99].map { p in result.latency.percentile(p).map { String(format: "%.2f", Double($0) / 1_000) } ?? "-" }
        return "\(Int(result.requestsPerSecond.rounded())) requests/s; latency p50 \(latency[0]) ms, p95 \(latency[1]) ms, "
            + "p99 \(latency[2]) ms (\(result.requests) requests in \(String(format: "%.1f", Double(result.durationMicroseconds) / 1e6)) s"
            + (result.errors > 0
                ? ", \(result.errors) errors: \(result.statusErrors) status ≥ 400, \(result.timeouts) timeouts, "
                    + "\(result.connectErrors + result.readErrors + result.writeErrors) socket)"
                : ", no errors)")
    }

    private func mib(_ bytes: Int?) -> String {
        bytes.map { String(format: "%.1f MiB", Double($0) / 1_048_576) } ?? "-"
    }
}
