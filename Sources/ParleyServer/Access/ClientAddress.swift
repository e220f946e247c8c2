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
        guard let remote = remote.map(plain), trusted.contains(remote) else { return remote.map(plain) }
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }.map { plain(String($0)) }.filter { !$0.isEmpty }
        return hops.last { !trusted.contains($0) } ?? hops.first ?? remote
    }

    /// An address as written, without spaces and without the `::ffff:` of an IPv4 address that
    /// came over IPv6, so `::ffff:10.0.0.2` matches a trusted `10.0.0.2`.
    private static func plain(_ address: String) -> String {
        let trimmed = address.trimmingCharacters(in: .whitespaces)
        return trimmed.lowercased().hasPrefix("::ffff:") && trimmed.contains(".") ? String(trimmed.dropFirst(7)) : trimmed
    }
}
