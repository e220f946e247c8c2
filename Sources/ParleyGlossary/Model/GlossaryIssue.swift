/// Something wrong in a glossary file, located as precisely as the file allows.
public struct GlossaryIssue: Sendable, Hashable, CustomStringConvertible {
    /// The file, as given to the reader.
    public var file: String?
    /// The line in the file (1-based).
    public var line: Int?
    /// The concept's id.
    public var concept: String?
    /// The term.
    public var term: String?
    /// What is wrong and what to do.
    public var message: String

    public init(file: String? = nil, line: Int? = nil, concept: String? = nil, term: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.concept = concept
        self.term = term
        self.message = message
    }

    /// `file:line: concept 'id', term 'text': message`.
    public var description: String {
        var location = file ?? "<glossary>"
        if let line { location += ":\(line)" }
        var subject: [String] = []
        if let concept { subject.append("concept '\(concept)'") }
        if let term { subject.append("term '\(term)'") }
        return subject.isEmpty ? "\(location): \(message)" : "\(location): \(subject.joined(separator: ", ")): \(message)"
    }
}

/// A glossary that cannot be read, written or accepted; carries every issue found.
public struct GlossaryError: Error, Sendable, CustomStringConvertible {
    /// The issues, in file order.
    public var issues: [GlossaryIssue]

    public init(_ issues: [GlossaryIssue]) { self.issues = issues }

    init(file: String?, line: Int? = nil, _ message: String) {
        issues = [GlossaryIssue(file: file, line: line, message: message)]
    }

    public var description: String { issues.map(\.description).joined(separator: "\n") }
}
