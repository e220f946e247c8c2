extension GoogleV3Backend {
    /// The project and access token of Google Cloud Translation v3 (Advanced).
    public struct Configuration: Sendable {
        /// The Google Cloud project id.
        public var project: String
        /// The OAuth 2 access token.
        public var token: Secret
        /// The location; `global` by default.
        public var location: String
        /// The API's address; ``GoogleV3Backend/defaultBaseURL`` by default.
        public var url: String

        /// - Parameters:
        ///   - project: the Google Cloud project id.
        ///   - token: the OAuth 2 access token.
        ///   - location: the location.
        ///   - url: the API's address.
        public init(project: String, token: Secret, location: String = "global", url: String = GoogleV3Backend.defaultBaseURL) {
            self.project = project
            self.token = token
            self.location = location
            self.url = url
        }
    }
}
