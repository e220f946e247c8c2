public import Foundation

/// What a rep writes: English text, or a template with its values.
public enum Compose: Sendable, Hashable {
    /// The rep's English.
    case text(String)
    /// A template (shared or the rep's own) filled with these values.
    case template(id: UUID, values: [String: String])
}
