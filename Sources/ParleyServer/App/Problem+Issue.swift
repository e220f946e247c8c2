extension Problem {
    /// One problem of an invalid document, an extension member of the problem details.
    public struct Issue: Sendable, Codable, Equatable {
        /// The line of the file (1-based), when the document is a file.
        public var line: Int?
        /// The concept's id.
        public var concept: String?
        /// The term.
        public var term: String?
        /// What is wrong and what to do.
        public var message: String

        /// - Parameters:
        ///   - line: the line of the file.
        ///   - concept: the concept's id.
        ///   - term: the term.
        ///   - message: what is wrong.
        public init(line: Int? = nil, concept: String? = nil, term: String? = nil, message: String) {
            self.line = line
            self.concept = concept
            self.term = term
            self.message = message
        }
    }
}
