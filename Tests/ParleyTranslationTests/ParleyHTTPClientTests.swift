import Foundation
import ParleyHTTP
import ParleyTesting
import ParleyTranslation
import Testing

/// The libcurl client against a real loopback server.
@Suite struct ParleyHTTPClientTests {
    static let sharedClient = ParleyHTTPClient(configuration: .init(connectTimeout: .seconds(2), timeout: .seconds(5), maximumResponseSize: 1_000))
    var client: ParleyHTTPClient { Self.sharedClient }

    @Test func postsAndReadsTheResponse() async throws {
        let server = try FakeHTTPServer { request in
            .json(201, ["method": request.method, "body": request.text, "type": request.header("Content-Type") ?? ""],
                  headers: [("X-Trace", "abc")])
        }
        let response = try await client.execute(ParleyHTTPClient.Request(
            method: "POST", url: server.baseURL + "/echo?x=1", headers: [("Content-Type", "text/plain")], body: Array("héllo".utf8)))
        #expect(response.status == 201)
        #expect(response.header("x-trace") == "abc")
        let object = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: String]
        #expect(object == ["method": "POST", "body": "héllo", "type": "text/plain"])
        #expect(server.requests.first?.target == "/echo?x=1")
    }

    @Test func reusesConnections() async throws {
        let server = try FakeHTTPServer { _ in .json(200, ["ok": true]) }
        for _ in 0..<5 {
            #expect(try await client.execute(ParleyHTTPClient.Request(url: server.baseURL + "/")).status == 200)
        }
        #expect(server.requests.count == 5)
        #expect(server.connectionCount == 1)
    }

    @Test func runsRequestsConcurrently() async throws {
        let server = try FakeHTTPServer { _ in .delay(.milliseconds(300), .json(200, ["ok": true])) }
        try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<8 { group.addTask { try await client.execute(ParleyHTTPClient.Request(url: server.baseURL + "/")).status } }
            for try await status in group { #expect(status == 200) }
        }
        #expect(server.requests.count == 8)
        // The server saw several requests at once, each on its own connection.
        #expect(server.maximumConcurrentRequests >= 2)
        #expect(server.connectionCount >= 2)
    }

    @Test func timeoutIsReported() async throws {
        let server = try FakeHTTPServer { _ in .delay(.seconds(2), .json(200, [:])) }
        await #expect {
            try await client.execute(ParleyHTTPClient.Request(url: server.baseURL + "/slow", timeout: .milliseconds(300)))
        } throws: { error in
            (error as? ParleyHTTPClientError)?.code == .timeout
        }
    }

    @Test func resetAndTruncationAreConnectionLost() async throws {
        let reset = try FakeHTTPServer { _ in .reset }
        await #expect {
            try await client.execute(ParleyHTTPClient.Request(url: reset.baseURL + "/"))
        } throws: { error in
            (error as? ParleyHTTPClientError)?.code == .connectionLost
        }
        let truncated = try FakeHTTPServer { _ in .truncated(status: 200, body: Array(repeating: 65, count: 500), sending: 100) }
        await #expect {
            try await client.execute(ParleyHTTPClient.Request(url: truncated.baseURL + "/"))
        } throws: { error in
            (error as? ParleyHTTPClientError)?.code == .connectionLost
        }
    }

    @Test func refusedConnection() async throws {
        let server = try FakeHTTPServer { _ in .json(200, [:]) }
        let url = server.baseURL
        server.stop()
        await #expect {
            try await client.execute(ParleyHTTPClient.Request(url: url + "/"))
        } throws: { error in
            (error as? ParleyHTTPClientError)?.code == .connectionFailed
        }
    }

    @Test func oversizeResponseIsRefused() async throws {
        let server = try FakeHTTPServer { _ in .text(200, String(repeating: "x", count: 5_000)) }
        await #expect {
            try await client.execute(ParleyHTTPClient.Request(url: server.baseURL + "/"))
        } throws: { error in
            (error as? ParleyHTTPClientError)?.code == .responseTooLarge
        }
    }

    @Test func cancellationAbortsTheTransfer() async throws {
        let server = try FakeHTTPServer { _ in .delay(.seconds(3), .json(200, [:])) }
        let task = Task { try await client.execute(ParleyHTTPClient.Request(url: server.baseURL + "/")) }
        try await Task.sleep(for: .milliseconds(100))
        task.cancel()
        // Had the transfer not been aborted, the server's 200 would come back after 3 s.
        await #expect {
            try await task.value
        } throws: { error in
            (error as? ParleyHTTPClientError)?.code == .cancelled
        }
    }

    @Test func invalidURLAndHeadersAreRefused() async throws {
        let server = try FakeHTTPServer { _ in .json(200, [:]) }
        await #expect(throws: ParleyHTTPClientError.self) { try await client.execute(ParleyHTTPClient.Request(url: "ftp://example.com/")) }
        for header in [("X-Bad", "eastus\r\nX-Injected: yes"), ("X-Bad", "a\nb"), ("X-Bad", "a\u{0}b"), ("X: Bad", "a")] {
            await #expect {
                try await client.execute(ParleyHTTPClient.Request(url: server.baseURL + "/", headers: [header]))
            } throws: { error in
                (error as? ParleyHTTPClientError)?.code == .invalidRequest
            }
        }
        #expect(server.requests.isEmpty)  // nothing reached the wire
    }
}
