public import ParleyLanguage

/// Writes an industry's glossary as TBX, CSV or TSV, as `parley glossary export` and the admin API
/// do.
public struct GlossaryExporter: Sendable {
    /// The output format.
    public enum Format: String, Sendable, Hashable, CaseIterable {
        case tbx, csv, tsv
    }

    /// The output format.
    public var format: Format
    /// For CSV/TSV: one direction as source/target pairs with no header (DeepL, Google
    /// unidirectional glossaries); nil for equivalent term sets.
    public var pair: (source: LanguageTag, target: LanguageTag)?
    /// For CSV/TSV equivalent term sets: the language columns; nil for every language of the glossary.
    public var languages: [LanguageTag]?

    /// - Parameters:
    ///   - format: the output format.
    ///   - pair: for CSV/TSV, one direction as pairs.
    ///   - languages: for CSV/TSV equivalent sets, the language columns.
    public init(format: Format, pair: (source: LanguageTag, target: LanguageTag)? = nil, languages: [LanguageTag]? = nil) {
        self.format = format
        self.pair = pair
        self.languages = languages
    }

    /// The file's text.
    /// - Parameters:
    ///   - glossary: the glossary.
    public func write(_ glossary: Glossary) -> String {
        let tableFormat: GlossaryTable.Format
        switch format {
        case .tbx: return TBXWriter().write(glossary)
        case .csv: tableFormat = .csv
        case .tsv: tableFormat = .tsv
        }
        if let pair {
            return GlossaryTable.export(glossary, shape: .pair(source: pair.source, target: pair.target), format: tableFormat)
        }
        return GlossaryTable.export(glossary, shape: .equivalentSets(languages: languages ?? glossary.languages), format: tableFormat)
    }
}
