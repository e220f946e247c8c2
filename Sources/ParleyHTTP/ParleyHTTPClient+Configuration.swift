extension ParleyHTTPClient {
    /// The client's limits; every field has a default.
    public struct Configuration: Sendable {
        /// Time to establish a connection (TCP and TLS); 3 s by default.
        public var connectTimeout: Duration
        /// Time for a whole request, unless the request sets its own ``Request/timeout``; 30 s by default.
        public var timeout: Duration
        /// The largest response body accepted, in bytes; 8 MiB by default.
        public var maximumResponseSize: Int
        /// The most connections kept open for reuse; 32 by default.
        public var maximumIdleConnections: Int
        /// The most connections open to one host at once (more requests wait their turn); nil for no limit.
        public var maximumConnectionsPerHost: Int?

        /// - Parameters:
        ///   - connectTimeout: time to establish a connection.
        ///   - timeout: time for a whole request.
        ///   - maximumResponseSize: the largest response body accepted, in bytes.
        ///   - maximumIdleConnections: the most connections kept for reuse.
        ///   - maximumConnectionsPerHost: the most connections open to one host; nil for no limit.
        public init(
            connectTimeout: Duration = .seconds(3), timeout: Duration = .seconds(30),
            maximumResponseSize: Int = 8 * 1_048_576, maximumIdleConnections: Int = 32,
            maximumConnectionsPerHost: Int? = nil
        ) {
            self.connectTimeout = connectTimeout
            self.timeout = timeout
            self.maximumResponseSize = maximumResponseSize
            self.maximumIdleConnections = maximumIdleConnections
            self.maximumConnectionsPerHost = maximumConnectionsPerHost
        }
    }
}
