public import Foundation
public import ParleyLanguage

/// Brings a CSV, TSV, TBX or JSON file into an industry's glossary, as `parley glossary import` and
/// the admin API do.
///
/// CSV/TSV are ``GlossaryTable``s (equivalent term sets, or pairs with ``pair``); their rows merge
/// into the glossary. TBX and Parley's glossary JSON hold whole concepts, which replace those with
/// the same id; new ones are added. In ``Mode/replace`` the file's content becomes the whole
/// glossary. Nothing is saved here: give the result to ``GlossaryLibrary/save(_:by:action:at:)``.
///
/// ```swift
/// let importer = GlossaryImporter(format: .csv)
/// let updated = try importer.apply(data, file: "hvac-extra.csv", to: try library.loadOrEmpty("hvac"))
/// try library.save(updated, by: "ana@example.com", action: "import hvac-extra.csv")
/// ```
public struct GlossaryImporter: Sendable {
    /// The file's format.
    public enum Format: String, Sendable, Hashable, CaseIterable {
        case csv, tsv, tbx, json

        /// The format a file name's extension names (`csv`, `tsv`, `tbx`, `json`), if any.
        /// - Parameters:
        ///   - pathExtension: the extension, in any case.
        public init?(pathExtension: String) {
            self.init(rawValue: pathExtension.lowercased())
        }
    }

    /// How the file's content joins the glossary.
    public enum Mode: String, Sendable, Hashable, CaseIterable {
        /// Rows merge into the glossary; concepts replace those with the same id; the rest stays.
        case merge
        /// The file's content becomes the whole glossary.
        case replace
    }

    /// The file's format.
    public var format: Format
    /// How the content joins the glossary.
    public var mode: Mode
    /// The languages of a two-column CSV/TSV without a header.
    public var pair: (source: LanguageTag, target: LanguageTag)?
    /// Whether a TBX file's subject field may name another industry than the glossary's (the
    /// glossary's wins), e.g. to copy one industry's glossary into another.
    public var acceptsOtherSubjectField: Bool
    /// The language of a TBX file's terms marked with the placeholder code `xx` (translate-toolkit's
    /// `csv2tbx` writes its target terms so); nil to refuse them with a message saying so.
    public var placeholderLanguage: LanguageTag?

    /// - Parameters:
    ///   - format: the file's format.
    ///   - mode: merge (the default) or replace.
    ///   - pair: the languages of a two-column CSV/TSV without a header.
    ///   - acceptsOtherSubjectField: whether a TBX subject field may name another industry.
    ///   - placeholderLanguage: the language of TBX terms marked `xx`; by default the pair's target.
    public init(
        format: Format, mode: Mode = .merge, pair: (source: LanguageTag, target: LanguageTag)? = nil,
        acceptsOtherSubjectField: Bool = false, placeholderLanguage: LanguageTag? = nil
    ) {
        self.placeholderLanguage = placeholderLanguage ?? pair?.target
        self.format = format
        self.mode = mode
        self.pair = pair
        self.acceptsOtherSubjectField = acceptsOtherSubjectField
    }

    /// The glossary with the file's content brought in.
    /// - Parameters:
    ///   - data: the file's bytes.
    ///   - file: its name, for messages.
    ///   - glossary: the glossary it goes into.
    /// - Throws: `GlossaryError` with every problem of the file, by line where the format has lines.
    public func apply(_ data: Data, file: String, to glossary: Glossary) throws(GlossaryError) -> Glossary {
        let base = mode == .replace ? Glossary(industry: glossary.industry) : glossary
        switch format {
        case .csv, .tsv:
            guard let text = String(data: data, encoding: .utf8) else {
                throw GlossaryError([GlossaryIssue(
                    file: file, message: "the file is not UTF-8 text; save it as UTF-8 (CSV UTF-8 in spreadsheets) and import again")])
            }
            let table = try GlossaryTable.read(text, file: file, format: format == .csv ? .csv : .tsv, pair: pair)
            return table.merged(into: base)
        case .tbx:
            let reader = TBXReader(
                requiresMatchingSubjectField: !acceptsOtherSubjectField,
                languageOverrides: placeholderLanguage.map { ["xx": $0] } ?? [:])
            let document = try reader.read(data, file: file, industry: glossary.industry)
            let issues = GlossaryValidator().issues(in: document.glossary, file: file, document: document)
            if !issues.isEmpty { throw GlossaryError(issues) }
            return Self.replacingConcepts(of: base, with: document.glossary.concepts)
        case .json:
            let incoming: Glossary
            do {
                incoming = try JSONDecoder().decode(Glossary.self, from: data)
            } catch {
                throw GlossaryError([GlossaryIssue(file: file, message: "not a Parley glossary JSON file: \(error)")])
            }
            return Self.replacingConcepts(of: base, with: incoming.concepts)
        }
    }

    /// The glossary with each concept replacing the one with its id, or added after the others.
    static func replacingConcepts(of glossary: Glossary, with concepts: [Concept]) -> Glossary {
        var result = glossary
        for concept in concepts {
            if let index = result.concepts.firstIndex(where: { $0.id == concept.id }) {
                result.concepts[index] = concept
            } else {
                result.concepts.append(concept)
            }
        }
        return result
    }
}
