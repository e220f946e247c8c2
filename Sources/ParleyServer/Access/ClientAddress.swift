internal import Foundation

/// The address of the client a request comes from, as the sign-in throttle counts it.
///
/// Behind a load balancer every connection comes from the balancer, so a request from one of the
/// `trusted` proxies is read by its `X-Forwarded-For` header: the client is the rightmost address
/// there that is not a trusted proxy (each proxy appends the address it got the request from, so
/// what a client writes itself is further left and never chosen over what a proxy saw). A request
/// from anywhere else is its connection's address, whatever its headers say.
enum ClientAddress {
    /// - Parameters:
    ///   - remote: the connection's peer address.
    ///   - forwardedFor: the `X-Forwarded-For` header's values, in order.
    ///   - trusted: the proxies whose `X-Forwarded-For` is believed.
    static func resolve(remote: String?, forwardedFor: [String], trusted: Set<String>) -> String? {
        guard let remote, trusted.contains(remote) else { return remote }
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return hops.last { !trusted.contains($0) } ?? hops.first ?? remote
    }
}
