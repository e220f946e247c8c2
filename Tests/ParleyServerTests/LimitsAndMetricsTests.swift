import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Metrics
import ParleyServer
import ParleyThreads
import Prometheus
import ParleyThreadsTesting
import Testing

/// Rate limits per API key, and `/metrics` for Prometheus.
@Suite struct LimitsAndMetricsTests {
    typealias Fixture = ConversationsAPITests.Fixture

    /// swift-metrics takes one backend per process: every test that reads metrics shares it.
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()

    @Test(arguments: [StoreKind.sqlite]) func aKeyOverItsLimitGets429WithRetryAfterWhileOthersGoOn(_ kind: StoreKind) async throws {
        try await Fixture.with(kind) { fixture in
            var services = fixture.services
            services.rateLimit = RateLimit(requestsPerMinute: 6, burst: 3)
            // A clock that stands still: however slow the machine, no token comes back during the test.
            let instant = Date(timeIntervalSince1970: 1_800_000_005)
            services.now = { instant }
            try await buildApplication(services).test(.router) { client in
                let dana = ConversationsAPITests.headers(Fixture.danaKey)
                for _ in 0..<3 {
                    try await client.execute(uri: "/v1/numbers", method: .get, headers: dana) { response in
                        #expect(response.status == .ok)
                    }
                }
                try await client.execute(uri: "/v1/numbers", method: .get, headers: dana) { response throws in
                    #expect(response.status == .tooManyRequests)
                    // 6 a minute: one more token in 10 s.
                    let retryAfter = try #require(response.headers[.retryAfter].flatMap { Int($0) })
                    #expect((1...10).contains(retryAfter))
                    #expect(response.headers[.contentType] == "application/problem+json")
                    #expect((try ConversationsAPITests.json(response.body)["detail"] as? String)?.contains("6 requests a minute") == true)
                }
                // Rob's key has its own bucket; open routes are not limited.
                try await client.execute(uri: "/v1/numbers", method: .get, headers: ConversationsAPITests.headers(Fixture.robKey)) { response in
                    #expect(response.status == .ok)
                }
                for _ in 0..<5 {
                    try await client.execute(uri: "/healthz", method: .get) { response in
                        #expect(response.status == .ok)
                    }
                }
            }
        }
    }

    @Test func metricsShowRequestsAndParleysCounters() async throws {
        let registry = Self.registry
        try await Fixture.with(.sqlite) { fixture in
            var services = fixture.services
            services.metrics = registry
            try await buildApplication(services).test(.router) { client in
                let dana = ConversationsAPITests.headers(Fixture.danaKey)
                let start = #"{"numberID": "\#(fixture.danaNumber.id)", "phone": "+52 55 1234 5678", "language": "es"}"#
                let conversationID = try await client.execute(
                    uri: "/v1/conversations", method: .post, headers: dana, body: ByteBuffer(string: start)
                ) { response throws in
                    try #require((try ConversationsAPITests.json(response.body)["conversation"] as? [String: Any])?["id"] as? String)
                }
                try await client.execute(
                    uri: "/v1/conversations/\(conversationID)/messages", method: .post, headers: dana,
                    body: ByteBuffer(string: #"{"text": "See you tomorrow at 9."}"#)
                ) { response in
                    #expect(response.status == .created)
                }
                try await client.execute(uri: "/metrics", method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
                    let text = String(buffer: response.body)
                    #expect(text.contains(#"parley_outbound_messages_total{outcome="sent"}"#))
                    #expect(text.contains("hb_requests"))
                    #expect(text.contains("/v1/conversations/{id}/messages") || text.contains("/v1/conversations/:id/messages"))
                }
            }
        }
    }
}
