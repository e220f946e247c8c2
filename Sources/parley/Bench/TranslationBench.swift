import ArgumentParser
import Foundation
import ParleyHTTP
import ParleyLanguage
import ParleyTranslation

/// The translation part of `parley bench`: Parley's client and Apertium backend against plain
/// `curl` on the same requests, and throughput with several requests in flight.
struct TranslationBench {
    let url: String
    let requests: Int

    static let sentences = [
        "Hola, necesito servicio para mi aire acondicionado esta semana",
        "El técnico puede venir mañana por la mañana?",
        "Mi calentador de agua hace un ruido raro",
        "Gracias, nos vemos el jueves a las tres",
    ]

    func run() async throws {
        let client = ParleyHTTPClient()
        let backend = ApertiumBackend(baseURL: url, client: client)
        let es = LanguageTag("es")!
        let en = LanguageTag("en")!
        let texts = (0..<requests).map { Self.sentences[$0 % Self.sentences.count] }
        for text in Self.sentences { _ = try await backend.translate(text, from: es, to: en) }  // warm-up

        // Sequential, one connection, the same requests: Parley's backend and plain curl, alternating
        // over three rounds (the best round of each counts, so drift in APy's speed cancels out).
        var parley = Double.infinity
        var curl = Double.infinity
        for _ in 0..<3 {
            parley = min(parley, try await measure {
                for text in texts { _ = try await backend.translate(text, from: es, to: en) }
            })
            curl = min(curl, try measureCurl(texts))
        }
        print("translate: \(requests) sequential translations via Apertium: parley \(format(parley / Double(requests) * 1_000)) ms/request, "
              + "curl \(format(curl / Double(requests) * 1_000)) ms/request, ratio \(format(parley / curl))")

        // The same on APy's cheapest endpoint, where the client's own cost is not hidden by translation time.
        var parleyList = Double.infinity
        var curlList = Double.infinity
        let request = ParleyHTTPClient.Request(url: url + "/listPairs")
        for _ in 0..<3 {
            parleyList = min(parleyList, try await measure {
                for _ in 0..<requests { _ = try await client.execute(request) }
            })
            curlList = min(curlList, try measureCurl(count: requests, path: "/listPairs"))
        }
        print("translate: \(requests) sequential GET /listPairs: parley \(format(parleyList / Double(requests) * 1_000_000)) µs/request, "
              + "curl \(format(curlList / Double(requests) * 1_000_000)) µs/request, ratio \(format(parleyList / curlList))")

        for inFlight in [1, 4, 16] {
            let seconds = try await measure {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    let perTask = requests / inFlight
                    for task in 0..<inFlight {
                        group.addTask {
                            for index in 0..<perTask {
                                _ = try await backend.translate(texts[(task * perTask + index) % texts.count], from: es, to: en)
                            }
                        }
                    }
                    try await group.waitForAll()
                }
            }
            let done = (requests / inFlight) * inFlight
            print("translate: \(inFlight) in flight: \(Int(Double(done) / seconds)) requests/s")
        }
    }

    /// One `curl` process doing the same form posts one after another on one connection.
    private func measureCurl(_ texts: [String]) throws -> Double {
        var lines: [String] = []
        for (index, text) in texts.enumerated() {
            if index > 0 { lines.append("next") }
            lines.append("url = \"\(url)/translate\"")
            lines.append("data-urlencode = \"langpair=spa|eng\"")
            lines.append("data-urlencode = \"q=\(text)\"")
            lines.append("data = \"markUnknown=no\"")
            lines.append("silent")
            lines.append("output = \"/dev/null\"")
        }
        return try runCurl(lines)
    }

    /// One `curl` process doing `count` GETs of a path on one connection.
    private func measureCurl(count: Int, path: String) throws -> Double {
        var lines: [String] = []
        for index in 0..<count {
            if index > 0 { lines.append("next") }
            lines += ["url = \"\(url)\(path)\"", "silent", "output = \"/dev/null\""]
        }
        return try runCurl(lines)
    }

    private func runCurl(_ lines: [String]) throws -> Double {
        let config = FileManager.default.temporaryDirectory.appendingPathComponent("parley-bench-\(UUID()).curl")
        defer { try? FileManager.default.removeItem(at: config) }
        try lines.joined(separator: "\n").write(to: config, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments = ["--config", config.path]
        let start = ContinuousClock.now
        try process.run()
        process.waitUntilExit()
        let elapsed = ContinuousClock.now - start
        guard process.terminationStatus == 0 else { throw ValidationError("curl failed (exit \(process.terminationStatus))") }
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    private func measure(_ body: () async throws -> Void) async throws -> Double {
        let start = ContinuousClock.now
        try await body()
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    private func format(_ value: Double) -> String { String(format: "%.2f", value) }
}
