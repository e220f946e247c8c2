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

    /// The backend's name and version, when one was asked or its answer was cached.
    public var backend: String?
    /// The glossary set's version, when glossaries were applied.
    public var glossaryVersion: String?
    /// Where the translation came from: `none`, `backend`, `memoryCache`, `persistentCache`, `glossary`.
    public var origin: String
    /// The placeholder style of the translation used.
    public var placeholderStyle: String?
    /// What the rep should know, one line each.
    public var warnings: [String]
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
        warnings: [String] = [],
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
