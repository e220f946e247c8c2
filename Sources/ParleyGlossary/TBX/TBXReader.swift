public import Foundation
public import ParleyLanguage

#if canImport(FoundationXML)
internal import FoundationXML
#endif

/// Reads TBX glossaries: TBX-Basic (ISO 30042:2019: `tbx` → `conceptEntry` → `langSec xml:lang`
/// → `termSec/term`), as ``TBXWriter`` writes them, and TBX 2008 (ISO 30042:2008: `martif` →
/// `termEntry` → `langSet xml:lang` → `tig/term` or `ntig/termGrp/term`), as translate-toolkit's
/// `csv2tbx` and older terminology tools write them.
///
/// Real termbases seldom mark an administrative status: a language's only term in a concept, when
/// unmarked, is its preferred term (with several unmarked terms, the validator asks which one).
/// Notes on a concept (`csv2tbx`'s comments) become its definition when it has none. A concept
/// whose id is missing or not a Parley id (`heat pump`) gets one made from its term
/// (`hvac-heat-pump`), with a warning. An empty `<term>` (an untranslated row) is skipped, with a
/// warning.
///
/// Hostile files are refused before parsing: entity declarations and a `<!DOCTYPE>` with an
/// internal subset (external entities, entity-expansion bombs), and files over ``maximumSize``. A
/// `<!DOCTYPE>` naming only the root element and its DTD is accepted and never resolved: no file
/// or network access. Malformed entries are reported with the file, line and term.
public struct TBXReader: Sendable {
    /// The largest file read, in bytes.
    public var maximumSize: Int
    /// Whether a subject field other than the industry given to ``read(_:file:industry:)`` is an
    /// error (the default); when false, the given industry wins, e.g. to copy one industry's
    /// glossary into another.
    public var requiresMatchingSubjectField: Bool
    /// The language to read for a code a file writes in `xml:lang`, by code (ASCII
    /// case-insensitive). translate-toolkit's `csv2tbx` writes `xx` for every target language, so
    /// its Spanish glossary reads with `["xx": LanguageTag("es")!]`; without an override, `xx` is
    /// refused.
    public var languageOverrides: [String: LanguageTag]

    /// - Parameters:
    ///   - maximumSize: the largest file read, in bytes (default 16 MiB).
    ///   - requiresMatchingSubjectField: whether a subject field other than the given industry is an error.
    ///   - languageOverrides: the language to read for an `xml:lang` code, by code.
    public init(
        maximumSize: Int = 16 * 1_048_576, requiresMatchingSubjectField: Bool = true,
        languageOverrides: [String: LanguageTag] = [:]
    ) {
        self.maximumSize = maximumSize
        self.requiresMatchingSubjectField = requiresMatchingSubjectField
        self.languageOverrides = languageOverrides
    }

    /// What a TBX file holds: the glossary and where each concept and term stands in the file.
    public struct Document: Sendable {
        public var glossary: Glossary
        /// Problems that do not stop reading (unknown values); empty for a clean file.
        public var warnings: [GlossaryIssue]
        /// The line of each concept's `conceptEntry`.
        public var conceptLines: [String: Int]
        /// The line of each term, by concept id, language and text.
        public var termLines: [TermLocation: Int]
    }

    /// Identifies a term inside a glossary, for locating it in its file.
    public struct TermLocation: Sendable, Hashable {
        public var concept: String
        public var language: LanguageTag
        public var text: String
    }

    /// Reads a TBX file.
    /// - Parameters:
    ///   - data: the file's bytes.
    ///   - file: its name, for messages.
    ///   - industry: the industry to use when the file names no subject field (or, without
    ///     ``requiresMatchingSubjectField``, whatever it names).
    /// - Throws: `GlossaryError` with every problem found.
    public func read(_ data: Data, file: String, industry: String? = nil) throws(GlossaryError) -> Document {
        let prepared: Data
        do {
            prepared = try XMLInput.prepare(data, maximumSize: maximumSize, kind: "glossaries")
        } catch {
            throw GlossaryError(file: file, line: error.line, error.message)
        }
        let handler = TBXParseHandler(
            file: file, industry: industry, overridesSubjectField: !requiresMatchingSubjectField,
            languageOverrides: languageOverrides)
        let parser = XMLParser(data: prepared)
        parser.shouldResolveExternalEntities = false
        parser.shouldProcessNamespaces = false
        parser.delegate = handler
        let parsed = parser.parse()
        if !parsed, handler.issues.isEmpty {
            let message = parser.parserError.map { "\($0.localizedDescription)" } ?? "unknown error"
            throw GlossaryError(file: file, line: parser.lineNumber, "not well-formed XML: \(message)")
        }
        if !handler.issues.isEmpty { throw GlossaryError(handler.issues) }
        guard handler.sawRoot else {
            throw GlossaryError(file: file, line: 1, "not a TBX file: the root element must be <tbx> (or <martif>)")
        }
        guard let industry = handler.industry ?? industry else {
            throw GlossaryError(
                file: file, "no industry: add <descrip type=\"subjectField\"> to the concepts or name the industry")
        }
        return handler.document(industry: industry)
    }
}

/// The XML callbacks that build concepts from TBX elements.
private final class TBXParseHandler: NSObject, XMLParserDelegate {
    let file: String
    var industry: String?
    var issues: [GlossaryIssue] = []
    var warnings: [GlossaryIssue] = []
    var sawRoot = false

    /// The concepts read, each with the line of its entry and the lines of its terms.
    private var entries: [(concept: Concept, line: Int, termLines: [TBXReader.TermLocation: Int])] = []
    /// The file's source language (`xml:lang` on the root), for making concept ids.
    private var sourceLanguage: LanguageTag?

    private var concept: Concept?
    private var conceptLine = 0
    private var conceptTermLines: [TBXReader.TermLocation: Int] = [:]
    /// Notes on the concept itself (not on a language or term).
    private var conceptNotes: [String] = []
    /// The languages of the concept that have a term with no status marked.
    private var unmarkedLanguages: Set<LanguageTag> = []
    private var language: LanguageTag?
    private var languageLine = 0
    private var term: PendingTerm?
    private var text = ""
    private var elementType: String?
    private var depth = 0

    private struct PendingTerm {
        var text: String?
        var line: Int
        var status: Term.Status?
        var variant = false
        var doNotTranslate = false
        var matchCase = false
        var matchAccents = false
        var partOfSpeech: PartOfSpeech?
    }

    /// Whether the given industry replaces the file's subject field instead of having to match it.
    let overridesSubjectField: Bool
    /// The language to read for an `xml:lang` code, by lowercased code.
    let languageOverrides: [String: LanguageTag]

    init(file: String, industry: String?, overridesSubjectField: Bool, languageOverrides: [String: LanguageTag]) {
        self.file = file
        self.industry = industry
        self.overridesSubjectField = overridesSubjectField && industry != nil
        self.languageOverrides = Dictionary(
            languageOverrides.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    /// The document read, once the industry is known: concepts whose id is missing or not a
    /// Parley id get one made from their term.
    func document(industry: String) -> TBXReader.Document {
        var glossary = Glossary(industry: industry, concepts: entries.map(\.concept))
        var conceptLines: [String: Int] = [:]
        var termLines: [TBXReader.TermLocation: Int] = [:]
        for (index, entry) in entries.enumerated() {
            var id = entry.concept.id
            if !GlossaryValidator.isValidIdentifier(id) {
                id = glossary.newConceptID(for: namingTerm(of: entry.concept))
                glossary.concepts[index].id = id
                let written =
                    entry.concept.id.isEmpty ? "no id" : "id '\(entry.concept.id)', which is not a Parley concept id"
                warnings.append(GlossaryIssue(
                    file: file, line: entry.line, concept: id,
                    message: "the entry has \(written) (lowercase letters, digits and hyphens); it is read as '\(id)'"))
            }
            conceptLines[id] = entry.line
            for (location, line) in entry.termLines {
                termLines[TBXReader.TermLocation(concept: id, language: location.language, text: location.text)] = line
            }
        }
        return TBXReader.Document(
            glossary: glossary, warnings: warnings, conceptLines: conceptLines, termLines: termLines)
    }

    /// The term a new concept id is made from: the preferred (else first) term in the file's
    /// source language, else English, else the first language.
    private func namingTerm(of concept: Concept) -> String {
        let languages = concept.terms.keys.sorted(by: LanguageTag.glossaryOrder)
        let english = LanguageTag("en")
        let language = [sourceLanguage, english].compactMap { $0 }.first { concept.terms[$0] != nil } ?? languages.first
        guard let language, let terms = concept.terms[language] else { return "concept" }
        return (concept.preferredTerm(in: language) ?? terms.first)?.text ?? "concept"
    }

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        depth += 1
        // Text is collected per element Parley reads; inline markup inside it (<hi>) keeps its text.
        if ["term", "termNote", "descrip", "note"].contains(name) {
            text = ""
            elementType = attributes["type"]
        }
        let line = parser.lineNumber
        switch name {
        case "tbx", "martif":
            if depth == 1 {
                sawRoot = true
                sourceLanguage = (attributes["xml:lang"] ?? attributes["lang"]).flatMap(LanguageTag.init)
            }
        case "conceptEntry", "termEntry":
            // A missing or unusable id is replaced once the industry is known (see document(industry:)).
            concept = Concept(id: attributes["id"] ?? "")
            conceptLine = line
        case "langSec", "langSet":
            language = readLanguage(attributes["xml:lang"] ?? attributes["lang"] ?? "", line: line)
            languageLine = line
        case "termSec", "tig", "ntig":
            term = PendingTerm(line: line)
        default:
            break
        }
    }

    /// The language of a `langSec`/`langSet`, or nil (with an issue) when the code is not one.
    private func readLanguage(_ value: String, line: Int) -> LanguageTag? {
        if let tag = languageOverrides[value.lowercased()] { return tag }
        if value.lowercased() == "xx" {
            issue(line, "xml:lang 'xx' is a placeholder, not a language (translate-toolkit's csv2tbx writes it for "
                      + "the target language); replace it with the code of the terms' language, e.g. xml:lang=\"es\"",
                  concept: concept?.id)
            return nil
        }
        if let tag = LanguageTag(value), !tag.isUndetermined { return tag }
        issue(line, "'\(value)' is not a valid BCP 47 language tag in xml:lang", concept: concept?.id)
        return nil
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        text += string
    }

    func parser(_ parser: XMLParser, foundCDATA block: Data) {
        text += String(decoding: block, as: UTF8.self)
    }

    func parser(_ parser: XMLParser, foundInternalEntityDeclarationWithName name: String, value: String?) {
        issue(parser.lineNumber, "entity declarations are not allowed; remove <!ENTITY \(name)>")
        parser.abortParsing()
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        defer { depth -= 1 }
        let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let line = parser.lineNumber
        switch name {
        case "descrip":
            if elementType == "subjectField" {
                if overridesSubjectField {
                    break
                } else if let industry, industry != value, !value.isEmpty {
                    issue(line, "subject field '\(value)' differs from the file's industry '\(industry)'", concept: concept?.id)
                } else if !value.isEmpty {
                    industry = value
                }
            } else if elementType == "definition", !value.isEmpty {
                concept?.definition = value
            }
        case "term":
            term?.text = text
            term?.line = line
        case "termNote":
            readTermNote(value, line: line)
        case "note":
            if value == TBXVocabulary.matchCase {
                term?.matchCase = true
            } else if value == TBXVocabulary.matchAccents {
                term?.matchAccents = true
            } else if term == nil, language == nil, concept != nil, !value.isEmpty {
                conceptNotes.append(value)
            }
        case "termSec", "tig", "ntig":
            finishTerm()
        case "langSec", "langSet":
            language = nil
        case "conceptEntry", "termEntry":
            finishConcept()
        default:
            break
        }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        issue(parser.lineNumber, "not well-formed XML (\(parseError.localizedDescription)); fix the markup near this line")
    }

    private func readTermNote(_ value: String, line: Int) {
        switch elementType {
        case "partOfSpeech":
            if let partOfSpeech = PartOfSpeech(rawValue: value) {
                term?.partOfSpeech = partOfSpeech
            } else {
                issue(line, "unknown part of speech '\(value)'; use one of \(PartOfSpeech.allCases.map(\.rawValue).joined(separator: ", "))",
                      concept: concept?.id, term: term?.text)
            }
        case "administrativeStatus", "normativeAuthorization":
            if let status = TBXVocabulary.status(value) {
                term?.status = status
            } else {
                issue(line, "unknown administrative status '\(value)'; use preferredTerm-admn-sts, "
                          + "admittedTerm-admn-sts or deprecatedTerm-admn-sts", concept: concept?.id, term: term?.text)
            }
        case "termType":
            if value == "variant" { term?.variant = true }
        case "translationNote":
            if value.lowercased() == "no" { term?.doNotTranslate = true }
        default:
            break
        }
    }

    private func finishTerm() {
        defer { term = nil }
        guard let pending = term, var concept else { return }
        guard let language else { return }  // the language error is already reported
        guard let text = pending.text, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            warnings.append(GlossaryIssue(
                file: file, line: pending.line, concept: concept.id,
                message: "an empty <term> in \(language) (an untranslated row) is skipped"))
            return
        }
        var item = Term(text, status: pending.status ?? .admitted, variant: pending.variant)
        item.matchCase = pending.matchCase
        item.matchAccents = pending.matchAccents
        concept.terms[language, default: []].append(item)
        if pending.status == nil { unmarkedLanguages.insert(language) }
        if pending.doNotTranslate { concept.doNotTranslate = true }
        if let partOfSpeech = pending.partOfSpeech {
            if let existing = concept.partOfSpeech, existing != partOfSpeech {
                issue(pending.line, "part of speech '\(partOfSpeech.rawValue)' differs from the concept's '\(existing.rawValue)'",
                      concept: concept.id, term: text)
            }
            concept.partOfSpeech = partOfSpeech
        }
        conceptTermLines[TBXReader.TermLocation(concept: concept.id, language: language, text: text)] = pending.line
        self.concept = concept
    }

    private func finishConcept() {
        defer {
            concept = nil
            conceptNotes = []
            unmarkedLanguages = []
            conceptTermLines = [:]
        }
        guard var concept else { return }
        // A language's only term, with no status marked, is the one to write.
        for language in unmarkedLanguages where concept.terms[language]?.count == 1 {
            concept.terms[language]?[0].status = .preferred
        }
        if concept.definition == nil, !conceptNotes.isEmpty {
            concept.definition = conceptNotes.joined(separator: "\n")
        }
        entries.append((concept, conceptLine, conceptTermLines))
    }

    private func issue(_ line: Int, _ message: String, concept: String? = nil, term: String? = nil) {
        issues.append(GlossaryIssue(file: file, line: line, concept: concept, term: term, message: message))
    }
}
