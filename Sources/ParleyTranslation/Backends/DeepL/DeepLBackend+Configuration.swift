extension DeepLBackend {
    /// The DeepL account's key and, rarely, another endpoint.
    public struct Configuration: Sendable {
        /// The authentication key (Free-plan keys end in `:fx`).
        public var key: Secret
        /// The API's address; nil for the one the key's plan uses (``DeepLBackend/defaultBaseURL(forKey:)``).
        public var url: String?

        /// - Parameters:
        ///   - key: the authentication key.
        ///   - url: the API's address; nil for the key's plan's.
        public init(key: Secret, url: String? = nil) {
            self.key = key
            self.url = url
        }
    }
}
