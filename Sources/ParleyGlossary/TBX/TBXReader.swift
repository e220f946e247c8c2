public import Foundation
public import ParleyLanguage

#if canImport(FoundationXML)
internal import FoundationXML
#endif

/// Reads TBX-Basic glossaries (ISO 30042:2019: `conceptEntry` → `langSec xml:lang` →
/// `termSec/term`), as ``TBXWriter`` writes them and as other terminology tools export them.
///
/// Hostile files are refused before parsing: any DTD or entity declaration (external entities,
/// entity-expansion bombs) and files over ``maximumSize``. Malformed entries are reported with the
/// file, line and term.
public struct TBXReader: Sendable {
    /// The largest file read, in bytes.
    public var maximumSize: Int
    /// Whether a subject field other than the industry given to ``read(_:file:industry:)`` is an
    /// error (the default); when false, the given industry wins, e.g. to copy one industry's
    /// glossary into another.
    public var requiresMatchingSubjectField: Bool

    /// - Parameters:
    ///   - maximumSize: the largest file read, in bytes (default 16 MiB).
    ///   - requiresMatchingSubjectField: whether a subject field other than the given industry is an error.
    public init(maximumSize: Int = 16 * 1_048_576, requiresMatchingSubjectField: Bool = true) {
        self.maximumSize = maximumSize
        self.requiresMatchingSubjectField = requiresMatchingSubjectField
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
        guard data.count <= maximumSize else {
            throw GlossaryError(
                file: file, "the file is \(data.count) bytes; glossaries over \(maximumSize) bytes are refused")
        }
        if data.starts(with: [0xFE, 0xFF]) || data.starts(with: [0xFF, 0xFE]) || data.contains(0) {
            throw GlossaryError(file: file, line: 1, "the file is not UTF-8 (UTF-16 or binary); save it as UTF-8")
        }
        // The DTD check below reads the bytes as UTF-8; a parser told another encoding (UTF-7's
        // `+ADw-!DOCTYPE`, EBCDIC) would see a DTD it cannot.
        if let line = Self.firstNonUTF8Line(in: data) {
            throw GlossaryError(file: file, line: line, "the file is not UTF-8 text from this line on; save it as UTF-8")
        }
        if let encoding = Self.declaredEncoding(in: data), !["utf-8", "us-ascii", "ascii"].contains(encoding.lowercased()) {
            throw GlossaryError(
                file: file, line: 1,
                "the XML declaration names encoding '\(encoding)'; only UTF-8 is read: save the file as UTF-8 with encoding=\"UTF-8\"")
        }
        if let line = Self.declarationLine(in: data) {
            throw GlossaryError(
                file: file, line: line,
                "DTDs and entity declarations are not allowed (they enable external-entity and "
                    + "entity-expansion attacks); remove the <!DOCTYPE …> / <!ENTITY …> declaration")
        }
        let handler = TBXParseHandler(file: file, industry: industry, overridesSubjectField: !requiresMatchingSubjectField)
        let parser = XMLParser(data: data)
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
        return Document(
            glossary: Glossary(industry: industry, concepts: handler.concepts),
            warnings: handler.warnings,
            conceptLines: handler.conceptLines,
            termLines: handler.termLines)
    }

    /// The line of the first byte that is not part of valid UTF-8, if any.
    static func firstNonUTF8Line(in data: Data) -> Int? {
        var line = 1
        var bytes = data.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&bytes) {
            case .scalarValue(let scalar): if scalar == "\n" { line += 1 }
            case .emptyInput: return nil
            case .error: return line
            }
        }
    }

    /// The encoding an XML declaration at the start names (`<?xml version="1.0" encoding="UTF-8"?>`), if any.
    static func declaredEncoding(in data: Data) -> String? {
        var head = [UInt8](data.prefix(1_024))
        if head.starts(with: [0xEF, 0xBB, 0xBF]) { head.removeFirst(3) }
        guard head.starts(with: Array("<?xml".utf8)), let end = head.firstIndex(of: UInt8(ascii: ">")) else { return nil }
        let declaration = Array(head[..<end])
        let name = Array("encoding".utf8)
        guard let start = declaration.indices.first(where: { declaration[$0...].starts(with: name) }) else { return nil }
        var rest = declaration[(start + name.count)...].drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D || $0 == 0x0A }
        guard rest.first == UInt8(ascii: "=") else { return nil }
        rest = rest.dropFirst().drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D || $0 == 0x0A }
        guard let quote = rest.first, quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else { return nil }
        let value = rest.dropFirst().prefix { $0 != quote }
        return String(decoding: value, as: UTF8.self)
    }

    /// The line of the first `<!DOCTYPE` or `<!ENTITY`, if any (ASCII case-insensitive).
    static func declarationLine(in data: Data) -> Int? {
        let bytes = [UInt8](data)
        var line = 1
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0A { line += 1 }
            if byte == 0x3C, index + 2 < bytes.count, bytes[index + 1] == 0x21 {  // "<!"
                let word = bytes[(index + 2)..<min(bytes.count, index + 9)].map { $0 | 0x20 }
                if word.starts(with: Array("doctype".utf8)) || word.starts(with: Array("entity".utf8)) {
                    return line
                }
            }
            index += 1
        }
        return nil
    }
}

/// The XML callbacks that build concepts from TBX elements.
private final class TBXParseHandler: NSObject, XMLParserDelegate {
    let file: String
    var industry: String?
    var concepts: [Concept] = []
    var issues: [GlossaryIssue] = []
    var warnings: [GlossaryIssue] = []
    var conceptLines: [String: Int] = [:]
    var termLines: [TBXReader.TermLocation: Int] = [:]
    var sawRoot = false

    private var concept: Concept?
    private var conceptLine = 0
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

    init(file: String, industry: String?, overridesSubjectField: Bool) {
        self.file = file
        self.industry = industry
        self.overridesSubjectField = overridesSubjectField && industry != nil
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
            if depth == 1 { sawRoot = true }
        case "conceptEntry", "termEntry":
            guard let id = attributes["id"], !id.isEmpty else {
                issue(line, "a <\(name)> has no id attribute; give every concept a unique id")
                concept = Concept(id: "")
                return
            }
            concept = Concept(id: id)
            conceptLine = line
        case "langSec", "langSet":
            let value = attributes["xml:lang"] ?? attributes["lang"] ?? ""
            if let tag = LanguageTag(value), !tag.isUndetermined {
                language = tag
            } else {
                issue(line, "'\(value)' is not a valid BCP 47 language tag in xml:lang", concept: concept?.id)
                language = nil
            }
            languageLine = line
        case "termSec", "tig", "ntig":
            term = PendingTerm(line: line)
        default:
            break
        }
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
            if value == TBXVocabulary.matchCase { term?.matchCase = true }
            if value == TBXVocabulary.matchAccents { term?.matchAccents = true }
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
            issue(pending.line, "a termSec has an empty or missing <term>", concept: concept.id)
            return
        }
        var item = Term(text, status: pending.status ?? .admitted, variant: pending.variant)
        item.matchCase = pending.matchCase
        item.matchAccents = pending.matchAccents
        concept.terms[language, default: []].append(item)
        if pending.doNotTranslate { concept.doNotTranslate = true }
        if let partOfSpeech = pending.partOfSpeech {
            if let existing = concept.partOfSpeech, existing != partOfSpeech {
                issue(pending.line, "part of speech '\(partOfSpeech.rawValue)' differs from the concept's '\(existing.rawValue)'",
                      concept: concept.id, term: text)
            }
            concept.partOfSpeech = partOfSpeech
        }
        termLines[TBXReader.TermLocation(concept: concept.id, language: language, text: text)] = pending.line
        self.concept = concept
    }

    private func finishConcept() {
        defer { concept = nil }
        guard let concept, !concept.id.isEmpty else { return }
        conceptLines[concept.id] = conceptLine
        concepts.append(concept)
    }

    private func issue(_ line: Int, _ message: String, concept: String? = nil, term: String? = nil) {
        issues.append(GlossaryIssue(file: file, line: line, concept: concept, term: term, message: message))
    }
}
