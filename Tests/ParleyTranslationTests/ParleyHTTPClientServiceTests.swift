import InMemoryLogging
import Logging
import ParleyHTTP
import ParleyTesting
import ServiceLifecycle
import Testing

/// The client's life: started by its first request, stopped by its service's graceful shutdown
/// after the requests in flight, and logging without secrets.
@Suite struct ParleyHTTPClientServiceTests {
    static let silent = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    @Test func aRequestBeforeRunStartsTheClient() async throws {
        let server = try FakeHTTPServer { _ in .json(200, ["ok": true]) }
        let client = ParleyHTTPClient()
        #expect(try await client.execute(.init(url: server.baseURL + "/")).status == 200)
        await client.shutdown()
    }

    @Test func gracefulShutdownLetsTheRequestInFlightFinish() async throws {
        let server = try FakeHTTPServer { _ in .delay(.milliseconds(800), .json(200, ["ok": true])) }
        let client = ParleyHTTPClient()
        let group = ServiceGroup(services: [client], logger: Self.silent)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let request = Task { try await client.execute(.init(url: server.baseURL + "/slow")) }
            // Shut down once the server holds the request.
            while server.requests.isEmpty { try await Task.sleep(for: .milliseconds(10)) }
            await group.triggerGracefulShutdown()
            #expect(try await request.value.status == 200)
            try await tasks.waitForAll()  // run() returned
        }
        await #expect {
            try await client.execute(.init(url: server.baseURL + "/after"))
        } throws: { error in
            (error as? ParleyHTTPClientError)?.code == .shutdown
        }
        #expect(server.requests.map(\.path) == ["/slow"])
    }

    @Test func aClientShutDownBeforeUseRefusesRequests() async throws {
        let server = try FakeHTTPServer { _ in .json(200, [:]) }
        let client = ParleyHTTPClient()
        await client.shutdown()
        await #expect {
            try await client.execute(.init(url: server.baseURL + "/"))
        } throws: { error in
            guard let error = error as? ParleyHTTPClientError else { return false }
            return error.code == .shutdown && error.message.contains("shut down")
        }
        #expect(server.requests.isEmpty)
    }

    @Test func logsTheRequestWithoutQueryHeadersOrBody() async throws {
        let server = try FakeHTTPServer { _ in .json(200, ["ok": true]) }
        let handler = InMemoryLogHandler()
        var logger = Logger(label: "test", factory: { _ in handler })
        logger.logLevel = .debug
        _ = try await ParleyHTTPClient.shared.execute(
            .init(method: "POST", url: server.baseURL + "/v2/translate?key=s3cret-query",
                  headers: [("Authorization", "Bearer s3cret-header")], body: Array("s3cret-body".utf8)),
            logger: logger)
        let entries = handler.entries
        #expect(entries.allSatisfy { $0.level == .debug })
        let response = try #require(entries.first { $0.metadata["parley.http.status"] != nil })
        #expect(response.metadata["parley.http.status"] == "200")
        #expect(response.metadata["parley.http.method"] == "POST")
        #expect(response.metadata["parley.http.url"] == "\(server.baseURL)/v2/translate")
        #expect(!"\(entries)".contains("s3cret"))
    }
}
