extension OpenAIBackend {
    /// The key, model and address of an OpenAI-compatible chat-completions API.
    public struct Configuration: Sendable {
        /// The API key; nil for a local server that takes none.
        public var key: Secret?
        /// The model; `gpt-4o-mini` by default.
        public var model: String
        /// The API's address; ``OpenAIBackend/defaultBaseURL`` by default.
        public var url: String

        /// - Parameters:
        ///   - key: the API key, if the server requires one.
        ///   - model: the model.
        ///   - url: the API's address.
        public init(key: Secret? = nil, model: String = "gpt-4o-mini", url: String = OpenAIBackend.defaultBaseURL) {
            self.key = key
            self.model = model
            self.url = url
        }
    }
}
