/// A TMX `<prop type="…">`: a tool-defined fact about a header, unit or variant
/// (translate-toolkit writes a message's context as `x-context`).
public struct TMXProperty: Sendable, Hashable {
    /// `type`, e.g. `x-context`.
    public var type: String
    /// The text of the element.
    public var value: String
    /// `xml:lang`: the language of the value, if given.
    public var language: String?

    /// - Parameters:
    ///   - type: the property's type.
    ///   - value: its text.
    ///   - language: the language of the text.
    public init(type: String, value: String, language: String? = nil) {
        self.type = type
        self.value = value
        self.language = language
    }
}
