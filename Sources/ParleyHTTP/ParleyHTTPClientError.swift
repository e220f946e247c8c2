/// A request that got no usable HTTP response.
///
/// Compare ``code`` with the static members of ``Code``: `error.code == .timeout`. New codes may be
/// added without breaking a `switch` (which needs a `default`).
public struct ParleyHTTPClientError: Error, Sendable, CustomStringConvertible, Equatable {
    /// What kind of failure it was.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case timeout, connectionFailed, connectionLost, responseTooLarge, tls, cancelled, shutdown, invalidRequest, other
        }

        private let base: Base

        private init(_ base: Base) { self.base = base }

        /// The time limit (connect or total) ran out.
        public static let timeout = Code(.timeout)
        /// No connection could be made (refused, unreachable, DNS).
        public static let connectionFailed = Code(.connectionFailed)
        /// The connection broke before the whole response came (reset, closed, truncated).
        public static let connectionLost = Code(.connectionLost)
        /// The response was larger than the client accepts.
        public static let responseTooLarge = Code(.responseTooLarge)
        /// TLS failed (certificate not trusted, handshake error).
        public static let tls = Code(.tls)
        /// The task was cancelled.
        public static let cancelled = Code(.cancelled)
        /// The client was shut down (its service stopped) before the request could run.
        public static let shutdown = Code(.shutdown)
        /// The request itself was invalid (bad URL, unsupported scheme, forbidden header characters).
        public static let invalidRequest = Code(.invalidRequest)
        /// Anything else libcurl reports.
        public static let other = Code(.other)

        /// The code's name, e.g. `timeout`.
        public var description: String { base.rawValue }
    }

    /// What kind of failure it was.
    public var code: Code
    /// libcurl's error code (`CURLcode`), when it gave one.
    public var curlCode: Int?
    /// What went wrong, in libcurl's words and ours (the URL without its query, never a body).
    public var message: String

    /// - Parameters:
    ///   - code: what kind of failure it was.
    ///   - curlCode: libcurl's error code, if any.
    ///   - message: what went wrong.
    public init(_ code: Code, curlCode: Int? = nil, message: String) {
        self.code = code
        self.curlCode = curlCode
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
