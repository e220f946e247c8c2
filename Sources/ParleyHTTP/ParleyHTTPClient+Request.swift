extension ParleyHTTPClient {
    /// An HTTP request for ``ParleyHTTPClient``.
    public struct Request: Sendable {
        /// The HTTP method, e.g. `GET`, `POST`.
        public var method: String
        /// The absolute `http` or `https` URL.
        public var url: String
        /// Header fields, in order.
        public var headers: [(name: String, value: String)]
        /// The body (sent for any method when not empty).
        public var body: [UInt8]
        /// The whole request's time limit, replacing the client's ``Configuration/timeout``.
        public var timeout: Duration?

        /// - Parameters:
        ///   - method: the HTTP method.
        ///   - url: the absolute URL.
        ///   - headers: header fields.
        ///   - body: the body.
        ///   - timeout: the whole request's time limit, if not the client's.
        public init(
            method: String = "GET", url: String, headers: [(name: String, value: String)] = [], body: [UInt8] = [],
            timeout: Duration? = nil
        ) {
            self.method = method
            self.url = url
            self.headers = headers
            self.body = body
            self.timeout = timeout
        }
    }

    /// An HTTP response.
    public struct Response: Sendable {
        /// The status code.
        public var status: Int
        /// The header fields of the final response, in order.
        public var headers: [(name: String, value: String)]
        /// The body, decompressed.
        public var body: [UInt8]

        /// - Parameters:
        ///   - status: the status code.
        ///   - headers: the header fields.
        ///   - body: the body.
        public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
            self.status = status
            self.headers = headers
            self.body = body
        }

        /// The first value of a header field (case-insensitive name).
        /// - Parameter name: the field's name.
        public func header(_ name: String) -> String? {
            let lower = name.lowercased()
            return headers.first { $0.name.lowercased() == lower }?.value
        }

        /// The body as UTF-8 text (invalid bytes replaced).
        public var text: String { String(decoding: body, as: UTF8.self) }
    }
}
