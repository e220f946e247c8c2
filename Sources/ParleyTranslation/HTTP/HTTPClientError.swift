/// A request that got no usable HTTP response.
public struct HTTPClientError: Error, Sendable, CustomStringConvertible, Equatable {
    /// What kind of failure it was.
    public enum Kind: String, Sendable, Hashable {
        /// The time limit (connect or total) ran out.
        case timeout
        /// No connection could be made (refused, unreachable, DNS).
        case connectionFailed
        /// The connection broke before the whole response came (reset, closed, truncated).
        case connectionLost
        /// The response was larger than the client accepts.
        case responseTooLarge
        /// TLS failed (certificate not trusted, handshake error).
        case tls
        /// The task was cancelled.
        case cancelled
        /// The client was shut down.
        case shutdown
        /// The request itself was invalid (bad URL, unsupported scheme).
        case invalidRequest
        /// Anything else libcurl reports.
        case other
    }

    public var kind: Kind
    /// libcurl's error code (`CURLcode`), when it gave one.
    public var curlCode: Int?
    /// What went wrong, in libcurl's words and ours.
    public var message: String

    public init(kind: Kind, curlCode: Int? = nil, message: String) {
        self.kind = kind
        self.curlCode = curlCode
        self.message = message
    }

    public var description: String { "\(kind.rawValue): \(message)" }
}
