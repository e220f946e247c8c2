import Testing

@testable import ParleyServer

/// Which address the sign-in throttle counts: a trusted balancer's `X-Forwarded-For`, anything
/// else's connection.
@Suite struct ClientAddressTests {
    let balancers: Set<String> = ["10.0.0.2", "10.0.0.3"]

    @Test func aBalancersRequestCountsTheClientItForwards() {
        #expect(ClientAddress.resolve(remote: "10.0.0.2", forwardedFor: ["203.0.113.7"], trusted: balancers) == "203.0.113.7")
        // Two balancers in a row: the client is the rightmost address that is not one of them.
        #expect(ClientAddress.resolve(remote: "10.0.0.2", forwardedFor: ["203.0.113.7, 10.0.0.3"], trusted: balancers) == "203.0.113.7")
        #expect(ClientAddress.resolve(remote: "10.0.0.2", forwardedFor: ["198.51.100.1", "203.0.113.7"], trusted: balancers) == "203.0.113.7")
    }

    @Test func whatAClientWritesItselfIsNeverChosen() {
        // A client that sends its own X-Forwarded-For through the balancer: the balancer appends
        // the address it saw, and that is the one counted.
        #expect(ClientAddress.resolve(remote: "10.0.0.2", forwardedFor: ["1.2.3.4, 203.0.113.7"], trusted: balancers) == "203.0.113.7")
        // Straight to the service, the header is ignored.
        #expect(ClientAddress.resolve(remote: "203.0.113.7", forwardedFor: ["1.2.3.4"], trusted: balancers) == "203.0.113.7")
        #expect(ClientAddress.resolve(remote: "10.0.0.2", forwardedFor: ["1.2.3.4"], trusted: []) == "10.0.0.2")
    }

    @Test func aBalancerWithoutTheHeaderCountsItself() {
        #expect(ClientAddress.resolve(remote: "10.0.0.2", forwardedFor: [], trusted: balancers) == "10.0.0.2")
        #expect(ClientAddress.resolve(remote: "10.0.0.2", forwardedFor: [" , "], trusted: balancers) == "10.0.0.2")
        #expect(ClientAddress.resolve(remote: nil, forwardedFor: ["203.0.113.7"], trusted: balancers) == nil)
        // An IPv4 balancer seen over IPv6 is still the balancer.
        #expect(ClientAddress.resolve(remote: "::ffff:10.0.0.2", forwardedFor: ["203.0.113.7"], trusted: balancers) == "203.0.113.7")
    }
}
