public import Foundation

/// A translation memory as TMX 1.4b holds it: a header and translation units, each with a
/// segment per language.
///
/// ``TMXReader`` reads one from a file and ``TMXWriter`` writes one; what one writes, the other
/// reads back equal.
///
/// ```swift
/// let outcome = try TMXReader().read(data, file: "sms.tmx")
/// for unit in outcome.document.units {
///     print(unit.variant(in: "en")?.text ?? "", "→", unit.variant(in: "es")?.text ?? "")
/// }
/// ```
public struct TMXDocument: Sendable, Hashable {
    /// The `srclang` that makes every language a possible source.
    public static let allLanguages = "*all*"

    /// What the `<header>` says about the file.
    public struct Header: Sendable, Hashable {
        /// `srclang`: the source language of every unit that names none, or ``TMXDocument/allLanguages``.
        public var sourceLanguage: String
        /// `creationtool`: the tool that wrote the file.
        public var creationTool: String
        /// `creationtoolversion`.
        public var creationToolVersion: String
        /// `segtype`: what a segment is: `block`, `paragraph`, `sentence` or `phrase`.
        public var segmentType: String
        /// `o-tmf`: the format of the translation memory the file was made from.
        public var originalFormat: String
        /// `adminlang`: the language of notes and properties.
        public var adminLanguage: String
        /// `datatype`: the kind of text, e.g. `plaintext`, `html`.
        public var dataType: String
        /// `o-encoding`: the encoding of the original, if given.
        public var originalEncoding: String?
        /// `creationdate`.
        public var creationDate: Date?
        /// `creationid`: who made the file.
        public var creationID: String?
        /// `changedate`.
        public var changeDate: Date?
        /// `changeid`: who last changed it.
        public var changeID: String?
        /// The header's `<prop>` elements.
        public var properties: [TMXProperty]
        /// The header's `<note>` elements.
        public var notes: [String]

        /// - Parameters:
        ///   - sourceLanguage: `srclang`, e.g. `en`.
        ///   - creationTool: `creationtool`.
        ///   - creationToolVersion: `creationtoolversion`.
        ///   - segmentType: `segtype`.
        ///   - originalFormat: `o-tmf`.
        ///   - adminLanguage: `adminlang`.
        ///   - dataType: `datatype`.
        ///   - originalEncoding: `o-encoding`.
        ///   - creationDate: `creationdate`.
        ///   - creationID: `creationid`.
        ///   - changeDate: `changedate`.
        ///   - changeID: `changeid`.
        ///   - properties: the `<prop>` elements.
        ///   - notes: the `<note>` elements.
        public init(
            sourceLanguage: String, creationTool: String = "Parley", creationToolVersion: String = "1",
            segmentType: String = "sentence", originalFormat: String = "Parley", adminLanguage: String = "en",
            dataType: String = "plaintext", originalEncoding: String? = nil, creationDate: Date? = nil,
            creationID: String? = nil, changeDate: Date? = nil, changeID: String? = nil,
            properties: [TMXProperty] = [], notes: [String] = []
        ) {
            self.sourceLanguage = sourceLanguage
            self.creationTool = creationTool
            self.creationToolVersion = creationToolVersion
            self.segmentType = segmentType
            self.originalFormat = originalFormat
            self.adminLanguage = adminLanguage
            self.dataType = dataType
            self.originalEncoding = originalEncoding
            self.creationDate = creationDate
            self.creationID = creationID
            self.changeDate = changeDate
            self.changeID = changeID
            self.properties = properties
            self.notes = notes
        }
    }

    /// The header.
    public var header: Header
    /// The translation units, in file order.
    public var units: [TMXUnit]

    /// - Parameters:
    ///   - header: the header.
    ///   - units: the translation units.
    public init(header: Header, units: [TMXUnit] = []) {
        self.header = header
        self.units = units
    }
}
