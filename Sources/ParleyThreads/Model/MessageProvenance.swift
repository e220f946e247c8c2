internal import Foundation
/// How a message's translation was made, kept with the message as JSON.
///
/// It is independent of ParleyTranslation's types, so stored messages stay readable when those
/// change; ``init(_:warnings:)`` converts a pipeline result's provenance.
public struct MessageProvenance: Sendable, Hashable, Codable {
    /// One stage's time.
    public struct Stage: Sendable, Hashable, Codable {
        /// The stage, e.g. `detect`, `translate`.
        public var stage: String
        /// How long it took, in microseconds.
        public var microseconds: Double

        /// - Parameters:
        ///   - stage: the stage.
        ///   - microseconds: how long it took.
        public init(stage: String, microseconds: Double) {
            self.stage = stage
            self.microseconds = microseconds
        }
    }

    /// Something the rep should know about a translation: what kind of thing it is, for code
    /// (`optOut`, `lowConfidence`, `longMessage`, …), and what to tell the rep.
    ///
    /// Rows written before warnings had a kind of their own hold one `"kind: text"` string each;
    /// they decode into the same two fields.
    public struct Warning: Sendable, Hashable, Codable, ExpressibleByStringLiteral {
        /// What kind of warning it is, e.g. `optOut`.
        public var kind: String
        /// What the rep reads.
        public var text: String

        /// - Parameters:
        ///   - kind: what kind of warning it is.
        ///   - text: what the rep reads.
        public init(kind: String, text: String) {
            self.kind = kind
            self.text = text
        }

        /// A warning from its old one-line form, `"kind: text"`; a line without a kind is all text.
        public init(line: String) {
            if let colon = line.firstIndex(of: ":"), line[..<colon].allSatisfy({ $0.isLetter || $0.isNumber }), colon > line.startIndex {
                self.init(kind: String(line[..<colon]), text: line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
            } else {
                self.init(kind: "note", text: line)
            }
        }

        public init(stringLiteral value: String) { self.init(line: value) }

        private enum CodingKeys: String, CodingKey { case kind, text }

        public init(from decoder: any Decoder) throws {
            if let line = try? decoder.singleValueContainer().decode(String.self) {
                self.init(line: line)
                return
            }
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.init(kind: try container.decode(String.self, forKey: .kind), text: try container.decode(String.self, forKey: .text))
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(kind, forKey: .kind)
            try container.encode(text, forKey: .text)
        }
    }

    /// The backend's name and version, when one was asked or its answer was cached.
    public var backend: String?
    /// The glossary set's version, when glossaries were applied.
    public var glossaryVersion: String?
    /// Where the translation came from: `none`, `backend`, `memoryCache`, `persistentCache`, `glossary`.
    public var origin: String
    /// The placeholder style of the translation used.
    public var placeholderStyle: String?
    /// What the rep should know, each with its kind.
    public var warnings: [Warning]
    /// Each stage's time, in order.
    public var stages: [Stage]

    /// - Parameters:
    ///   - backend: the backend's name and version.
    ///   - glossaryVersion: the glossary set's version.
    ///   - origin: where the translation came from.
    ///   - placeholderStyle: the placeholder style used.
    ///   - warnings: what the rep should know.
    ///   - stages: each stage's time.
    public init(
        backend: String? = nil,
        glossaryVersion: String? = nil,
        origin: String = "none",
        placeholderStyle: String? = nil,
        warnings: [Warning] = [],
        stages: [Stage] = []
    ) {
        self.backend = backend
        self.glossaryVersion = glossaryVersion
        self.origin = origin
        self.placeholderStyle = placeholderStyle
        self.warnings = warnings
        self.stages = stages
    }
}
