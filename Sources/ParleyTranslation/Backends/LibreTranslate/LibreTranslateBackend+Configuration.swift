extension LibreTranslateBackend {
    /// Where LibreTranslate runs and its key.
    public struct Configuration: Sendable {
        /// The LibreTranslate server, e.g. `http://127.0.0.1:5000` (it has no usual address).
        public var url: String
        /// The API key, for servers that require one.
        public var key: Secret?

        /// - Parameters:
        ///   - url: the LibreTranslate server.
        ///   - key: the API key, if the server requires one.
        public init(url: String, key: Secret? = nil) {
            self.url = url
            self.key = key
        }
    }
}
