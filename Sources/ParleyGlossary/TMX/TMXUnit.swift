public import Foundation

/// A TMX translation unit (`<tu>`): one segment in each of its languages.
public struct TMXUnit: Sendable, Hashable {
    /// `tuid`: the unit's id, if it has one.
    public var id: String?
    /// `srclang`: the unit's source language when it is not the header's.
    public var sourceLanguage: String?
    /// `creationdate`.
    public var creationDate: Date?
    /// `creationid`: who made the unit.
    public var creationID: String?
    /// `changedate`.
    public var changeDate: Date?
    /// `changeid`: who last changed it.
    public var changeID: String?
    /// The unit's `<prop>` elements.
    public var properties: [TMXProperty]
    /// The unit's `<note>` elements.
    public var notes: [String]
    /// The segments, one `<tuv>` each, in file order.
    public var variants: [TMXVariant]

    /// - Parameters:
    ///   - id: `tuid`.
    ///   - sourceLanguage: `srclang`, when not the header's.
    ///   - creationDate: `creationdate`.
    ///   - creationID: `creationid`.
    ///   - changeDate: `changedate`.
    ///   - changeID: `changeid`.
    ///   - properties: the `<prop>` elements.
    ///   - notes: the `<note>` elements.
    ///   - variants: the segments.
    public init(
        id: String? = nil, sourceLanguage: String? = nil, creationDate: Date? = nil, creationID: String? = nil,
        changeDate: Date? = nil, changeID: String? = nil, properties: [TMXProperty] = [], notes: [String] = [],
        variants: [TMXVariant]
    ) {
        self.id = id
        self.sourceLanguage = sourceLanguage
        self.creationDate = creationDate
        self.creationID = creationID
        self.changeDate = changeDate
        self.changeID = changeID
        self.properties = properties
        self.notes = notes
        self.variants = variants
    }

    /// The first segment in a language, compared as TMX does: ASCII case-insensitively, so `es-MX`
    /// finds `ES-mx` but not `es`.
    /// - Parameters:
    ///   - language: the language code, e.g. `es`.
    public func variant(in language: String) -> TMXVariant? {
        variants.first { $0.language.lowercased() == language.lowercased() }
    }
}
