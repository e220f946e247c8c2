extension AzureBackend {
    /// The key of Azure AI Translator v3.
    public struct Configuration: Sendable {
        /// The resource's key.
        public var key: Secret
        /// The resource's region (`Ocp-Apim-Subscription-Region`); nil for a global resource.
        public var region: String?
        /// The API's address; ``AzureBackend/defaultBaseURL`` by default.
        public var url: String

        /// - Parameters:
        ///   - key: the resource's key.
        ///   - region: the resource's region, for regional resources.
        ///   - url: the API's address.
        public init(key: Secret, region: String? = nil, url: String = AzureBackend.defaultBaseURL) {
            self.key = key
            self.region = region
            self.url = url
        }
    }
}
