public import Foundation

/// One entry of the glossary change log: who changed which industry's glossary, when, and how.
public struct GlossaryChange: Sendable, Hashable, Codable, Identifiable {
    /// The entry's position in the log.
    public var id: Int64
    /// The glossary's industry, e.g. `hvac`.
    public var industry: String
    /// The glossary version after the change.
    public var version: String
    /// Who made it.
    public var author: String
    /// What they did, e.g. `import hvac-extra.csv`, `edit`.
    public var action: String
    /// When.
    public var at: Date
    /// What changed, as JSON text.
    public var detail: String
}
