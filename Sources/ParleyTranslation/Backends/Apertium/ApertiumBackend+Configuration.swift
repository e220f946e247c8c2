extension ApertiumBackend {
    /// Where Apertium APy runs.
    public struct Configuration: Sendable {
        /// The APy server; `http://127.0.0.1:2737` (APy's default port on this machine) by default.
        public var url: String

        /// - Parameter url: the APy server.
        public init(url: String = "http://127.0.0.1:2737") {
            self.url = url
        }
    }
}
