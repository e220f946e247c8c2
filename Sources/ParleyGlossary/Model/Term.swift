/// One way to say a concept in one language.
public struct Term: Sendable, Hashable, Codable {
    /// How a term may be used (TBX `administrativeStatus`).
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        /// The term Parley writes.
        case preferred
        /// Recognised when a customer or rep writes it; not written by Parley.
        case admitted
        /// A wrong or misleading rendering that must never be sent.
        case forbidden
    }

    /// The term as written.
    public var text: String
    /// How it may be used.
    public var status: Status
    /// A plural, misspelling or accent-less spelling of another term of the language.
    public var variant: Bool
    /// Match only with the same letter case (acronyms whose lower case is another word).
    public var matchCase: Bool
    /// Match only with the same accents (where the accent-less spelling is another word).
    public var matchAccents: Bool

    /// - Parameters:
    ///   - text: the term.
    ///   - status: how it may be used.
    ///   - variant: whether it is a variant spelling of another term.
    ///   - matchCase: whether matching respects letter case.
    ///   - matchAccents: whether matching respects accents.
    public init(
        _ text: String, status: Status = .preferred, variant: Bool = false, matchCase: Bool = false,
        matchAccents: Bool = false
    ) {
        self.text = text
        self.status = status
        self.variant = variant
        self.matchCase = matchCase
        self.matchAccents = matchAccents
    }

    private enum CodingKeys: String, CodingKey {
        case text, status, variant, matchCase, matchAccents
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        text = try container.decode(String.self, forKey: .text)
        status = try container.decodeIfPresent(Status.self, forKey: .status) ?? .preferred
        variant = try container.decodeIfPresent(Bool.self, forKey: .variant) ?? false
        matchCase = try container.decodeIfPresent(Bool.self, forKey: .matchCase) ?? false
        matchAccents = try container.decodeIfPresent(Bool.self, forKey: .matchAccents) ?? false
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(text, forKey: .text)
        try container.encode(status, forKey: .status)
        if variant { try container.encode(true, forKey: .variant) }
        if matchCase { try container.encode(true, forKey: .matchCase) }
        if matchAccents { try container.encode(true, forKey: .matchAccents) }
    }
}
