internal import CSV
internal import Foundation
public import ParleyLanguage

/// Glossaries as CSV or TSV tables, in the shapes machine-translation providers take:
/// - **pairs**: two columns, source term then target term, no header (DeepL glossary entries,
///   Google's unidirectional glossaries);
/// - **equivalent term sets**: a header row of language codes (plus optional `pos` and
///   `description` columns), one concept per row (Google's equivalent-term-sets glossaries).
///
/// Exported cells that a spreadsheet would run as a formula (starting `=`, `+`, `-`, `@`, tab or
/// carriage return) are prefixed with `'`; import removes that prefix again, so files round-trip.
public struct GlossaryTable: Sendable {
    /// The table's shape.
    public enum Shape: Sendable, Hashable {
        /// Source term → target term, one direction.
        case pair(source: LanguageTag, target: LanguageTag)
        /// One concept per row, one column per language.
        case equivalentSets(languages: [LanguageTag])
    }

    /// The field separator.
    public enum Format: String, Sendable, Hashable, CaseIterable {
        case csv, tsv

        var delimiter: Unicode.Scalar { self == .csv ? "," : "\t" }
    }

    /// One row read from a file.
    public struct Row: Sendable, Hashable {
        /// The line it starts on.
        public var line: Int
        /// Terms by language.
        public var terms: [(LanguageTag, String)]
        public var partOfSpeech: PartOfSpeech?
        public var description: String?

        public static func == (lhs: Row, rhs: Row) -> Bool {
            lhs.line == rhs.line && lhs.terms.elementsEqual(rhs.terms, by: { $0 == $1 })
                && lhs.partOfSpeech == rhs.partOfSpeech && lhs.description == rhs.description
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(line)
            for (language, text) in terms {
                hasher.combine(language)
                hasher.combine(text)
            }
        }
    }

    /// The shape of the table read.
    public var shape: Shape
    /// Its rows.
    public var rows: [Row]

    // MARK: - Export

    /// Writes a glossary as a table.
    /// - Parameters:
    ///   - glossary: the glossary.
    ///   - shape: pairs (every non-forbidden source term with the target's preferred term) or
    ///     equivalent sets (each language's preferred term).
    ///   - format: CSV or TSV.
    public static func export(_ glossary: Glossary, shape: Shape, format: Format) -> String {
        var rows: [[String]] = []
        switch shape {
        case .pair(let source, let target):
            for concept in glossary.concepts {
                guard let targetTerm = concept.preferredTerm(in: target) else { continue }
                for term in concept.terms[source] ?? [] where term.status != .forbidden {
                    rows.append([term.text, targetTerm.text])
                }
            }
        case .equivalentSets(let languages):
            rows.append(languages.map(\.identifier) + ["pos", "description"])
            for concept in glossary.concepts {
                let cells = languages.map { concept.preferredTerm(in: $0)?.text ?? "" }
                if cells.allSatisfy(\.isEmpty) { continue }
                rows.append(cells + [concept.partOfSpeech?.rawValue ?? "", concept.definition ?? ""])
            }
        }
        let stream = OutputStream(toMemory: ())
        stream.open()
        defer { stream.close() }
        guard let writer = try? CSVWriter(stream: stream, delimiter: String(format.delimiter)) else { return "" }
        for row in rows { try? writer.write(row: row.map(neutralizeFormula)) }
        writer.stream.close()
        let data = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data ?? Data()
        return rows.isEmpty ? "" : String(decoding: data, as: UTF8.self) + "\n"
    }

    /// Prefixes a cell that a spreadsheet would evaluate with `'`.
    static func neutralizeFormula(_ cell: String) -> String {
        guard let first = cell.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) else { return cell }
        return "'" + cell
    }

    /// Removes the prefix `neutralizeFormula` adds.
    static func restoreFormula(_ cell: String) -> String {
        let scalars = Array(cell.unicodeScalars.prefix(2))
        guard scalars.count == 2, scalars[0] == "'", ["=", "+", "-", "@", "\t", "\r"].contains(scalars[1]) else { return cell }
        return String(cell.dropFirst())
    }

    // MARK: - Import

    /// Reads a table.
    /// - Parameters:
    ///   - text: the file's contents.
    ///   - file: its name, for messages.
    ///   - format: CSV or TSV.
    ///   - pair: the languages of a two-column file without a header.
    /// - Throws: `GlossaryError` naming the line of each malformed row.
    public static func read(_ text: String, file: String, format: Format, pair: (LanguageTag, LanguageTag)? = nil)
        throws(GlossaryError) -> GlossaryTable
    {
        // Spreadsheets often save a byte-order mark; it is not part of the first cell.
        let text = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        let records: [[String]]
        do {
            let reader = try CSVReader(string: text, hasHeaderRow: false, trimFields: false, delimiter: format.delimiter)
            var all: [[String]] = []
            while let row = reader.next() { all.append(row) }
            if let error = reader.error { throw error }
            records = all
        } catch {
            throw GlossaryError(file: file, "cannot parse the \(format.rawValue.uppercased()) file: \(error); check quoting")
        }
        var issues: [GlossaryIssue] = []
        // Terms never span lines, so a record is a line as long as no cell holds a line break.
        // Checked on scalars: Swift reads CR LF as one Character that is neither "\r" nor "\n".
        for (index, record) in records.enumerated()
        where record.contains(where: { $0.unicodeScalars.contains { $0 == "\n" || $0 == "\r" } }) {
            throw GlossaryError(file: file, line: index + 1, "a cell contains a line break; write each term on one line")
        }
        let nonEmpty = records.enumerated().filter { !($0.element.count == 1 && $0.element[0].isEmpty) }
        guard let first = nonEmpty.first else { throw GlossaryError(file: file, "the file has no rows") }

        let header = headerLanguages(first.element)
        if let header {
            var rows: [Row] = []
            for (index, record) in nonEmpty.dropFirst() {
                let line = index + 1
                guard record.count <= header.count else {
                    issues.append(GlossaryIssue(file: file, line: line, message: "\(record.count) cells, but the header has \(header.count)"))
                    continue
                }
                var row = Row(line: line, terms: [])
                for (column, cell) in zip(header, record) {
                    let value = restoreFormula(cell)
                    switch column {
                    case .language(let tag):
                        if !value.isEmpty { row.terms.append((tag, value)) }
                    case .partOfSpeech:
                        if value.isEmpty { break }
                        if let pos = PartOfSpeech(rawValue: value) {
                            row.partOfSpeech = pos
                        } else {
                            issues.append(GlossaryIssue(file: file, line: line, term: value, message: "unknown part of speech"))
                        }
                    case .description:
                        if !value.isEmpty { row.description = value }
                    }
                }
                if !row.terms.isEmpty { rows.append(row) }
            }
            if !issues.isEmpty { throw GlossaryError(issues) }
            let languages = header.compactMap { if case .language(let tag) = $0 { tag } else { nil } }
            return GlossaryTable(shape: .equivalentSets(languages: languages), rows: rows)
        }

        guard let (source, target) = pair else {
            throw GlossaryError(
                file: file, line: first.offset + 1,
                "the first row is not a header of language codes; for a two-column pair file, name its languages (e.g. --pair en-es)")
        }
        var rows: [Row] = []
        for (index, record) in nonEmpty {
            let line = index + 1
            let cells = record.map(restoreFormula)
            guard cells.count == 2, !cells[0].isEmpty, !cells[1].isEmpty else {
                issues.append(GlossaryIssue(file: file, line: line, message: "expected 2 cells (source term, target term), found \(cells.count)"))
                continue
            }
            rows.append(Row(line: line, terms: [(source, cells[0]), (target, cells[1])]))
        }
        if !issues.isEmpty { throw GlossaryError(issues) }
        return GlossaryTable(shape: .pair(source: source, target: target), rows: rows)
    }

    private enum Column {
        case language(LanguageTag)
        case partOfSpeech
        case description
    }

    /// The columns of a header row, if the row is one: language codes Parley supports, plus `pos`
    /// and `description`.
    private static func headerLanguages(_ record: [String]) -> [Column]? {
        var columns: [Column] = []
        for cell in record {
            let name = cell.trimmingCharacters(in: .whitespaces)
            switch name.lowercased() {
            case "pos": columns.append(.partOfSpeech)
            case "description": columns.append(.description)
            default:
                guard let tag = LanguageTag(name), let language = SupportedLanguage.matching(tag) else { return nil }
                columns.append(.language(language.tag))
            }
        }
        return columns.contains { if case .language = $0 { true } else { false } } ? columns : nil
    }
}
