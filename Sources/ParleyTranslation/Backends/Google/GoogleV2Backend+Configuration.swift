extension GoogleV2Backend {
    /// The key of Google Cloud Translation v2 (Basic).
    public struct Configuration: Sendable {
        /// The API key.
        public var key: Secret
        /// The API's address; ``GoogleV2Backend/defaultBaseURL`` by default.
        public var url: String

        /// - Parameters:
        ///   - key: the API key.
        ///   - url: the API's address.
        public init(key: Secret, url: String = GoogleV2Backend.defaultBaseURL) {
            self.key = key
            self.url = url
        }
    }
}
