internal import Foundation

#if canImport(FoundationXML)
internal import FoundationXML
#endif

/// The XML callbacks that build a ``TMXDocument`` from TMX elements.
final class TMXParseHandler: NSObject, XMLParserDelegate {
    let file: String
    /// The first problem that stops reading the file.
    private(set) var error: TMXError?
    private(set) var sawRoot = false
    private(set) var rootLine = 1
    private(set) var header: TMXDocument.Header?
    private(set) var units: [TMXUnit] = []
    private(set) var refused: [TMXReader.RefusedUnit] = []

    /// The unit being read, the line of its `<tu>` and the first reason to refuse it.
    private var unit: TMXUnit?
    private var unitLine = 0
    private var unitProblem: String?
    private var variant: PendingVariant?
    /// The `<prop>` or `<note>` being read, and its attributes.
    private var annotation: (name: String, attributes: [String: String])?
    private var text = ""
    /// The segment's parts so far, while inside a `<seg>`.
    private var parts: [TMXVariant.Part]?
    /// How deep inside inline code elements the segment reader is (codes may nest through `<sub>`).
    private var codeDepth = 0
    private var depth = 0

    private struct PendingVariant {
        var language: String?
        var segment: [TMXVariant.Part]?
        var properties: [TMXProperty] = []
        var notes: [String] = []
    }

    private static let codes: Set<String> = ["ph", "bpt", "ept", "it", "ut"]

    init(file: String) {
        self.file = file
    }

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        depth += 1
        guard error == nil else { return }
        if parts != nil {
            startInline(name)
            return
        }
        let line = parser.lineNumber
        switch name {
        case "tmx" where depth == 1:
            sawRoot = true
            rootLine = line
        case _ where depth == 1:
            fail(parser, line: line, "not a TMX file: the root element is <\(name)>, not <tmx>")
        case "header" where header == nil:
            readHeader(attributes, parser: parser, line: line)
        case "tu":
            unit = TMXUnit(id: attributes["tuid"], sourceLanguage: attributes["srclang"], variants: [])
            unitLine = line
            unitProblem = nil
            unit?.creationID = attributes["creationid"]
            unit?.changeID = attributes["changeid"]
            unit?.creationDate = date(attributes, "creationdate") { unitProblem = unitProblem ?? $0 }
            unit?.changeDate = date(attributes, "changedate") { unitProblem = unitProblem ?? $0 }
        case "tuv" where unit != nil:
            variant = PendingVariant(language: attributes["xml:lang"] ?? attributes["lang"])
        case "seg" where variant != nil:
            parts = []
            text = ""
        case "prop", "note":
            annotation = (name, attributes)
            text = ""
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
        fail(parser, line: parser.lineNumber, XMLInput.declarationRefusal + "; remove <!ENTITY \(name)>")
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        defer { depth -= 1 }
        guard error == nil else { return }
        if parts != nil, name != "seg" {
            endInline(name)
            return
        }
        switch name {
        case "seg":
            flushText()
            variant?.segment = parts
            parts = nil
        case "prop", "note":
            finishAnnotation()
        case "tuv":
            finishVariant()
        case "tu":
            finishUnit()
        default:
            break
        }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        fail(
            parser, line: parser.lineNumber,
            "not well-formed XML (\(parseError.localizedDescription)); fix the markup near this line")
    }

    // MARK: - Segments

    private func startInline(_ name: String) {
        if Self.codes.contains(name) {
            if codeDepth == 0 { flushText() }
            codeDepth += 1
        }
        // <hi>, and <sub> inside a code, only carry their text along.
    }

    private func endInline(_ name: String) {
        guard Self.codes.contains(name), codeDepth > 0 else { return }
        codeDepth -= 1
        if codeDepth == 0 {
            parts?.append(.code(text))
            text = ""
        }
    }

    /// Ends the text collected so far as a text part, joined to a text part before it.
    private func flushText() {
        defer { text = "" }
        guard !text.isEmpty, var segment = parts else { return }
        if case .text(let previous) = segment.last {
            segment[segment.count - 1] = .text(previous + text)
        } else {
            segment.append(.text(text))
        }
        parts = segment
    }

    // MARK: - Header, units and variants

    private func readHeader(_ attributes: [String: String], parser: XMLParser, line: Int) {
        guard let source = attributes["srclang"], !source.isEmpty else {
            fail(parser, line: line, "the <header> has no srclang; add the source language (srclang=\"en\"), or "
                     + "srclang=\"\(TMXDocument.allLanguages)\" when any language may be the source")
            return
        }
        var header = TMXDocument.Header(
            sourceLanguage: source, creationTool: attributes["creationtool"] ?? "",
            creationToolVersion: attributes["creationtoolversion"] ?? "", segmentType: attributes["segtype"] ?? "",
            originalFormat: attributes["o-tmf"] ?? "", adminLanguage: attributes["adminlang"] ?? "",
            dataType: attributes["datatype"] ?? "", originalEncoding: attributes["o-encoding"],
            creationID: attributes["creationid"], changeID: attributes["changeid"])
        header.creationDate = date(attributes, "creationdate") { fail(parser, line: line, $0) }
        header.changeDate = date(attributes, "changedate") { fail(parser, line: line, $0) }
        self.header = header
    }

    /// The date of an attribute; reports one that is not a TMX date.
    private func date(_ attributes: [String: String], _ name: String, problem: (String) -> Void) -> Date? {
        guard let value = attributes[name] else { return nil }
        guard let date = TMXDate.parse(value) else {
            problem("\(name) '\(value)' is not a TMX date; write it as YYYYMMDDThhmmssZ in UTC, e.g. 20240131T093000Z")
            return nil
        }
        return date
    }

    /// Attaches a finished `<prop>` or `<note>` to the variant, unit or header it belongs to.
    private func finishAnnotation() {
        guard let annotation else { return }
        defer {
            self.annotation = nil
            text = ""
        }
        if annotation.name == "note" {
            if variant != nil {
                variant?.notes.append(text)
            } else if unit != nil {
                unit?.notes.append(text)
            } else {
                header?.notes.append(text)
            }
        } else {
            let property = TMXProperty(
                type: annotation.attributes["type"] ?? "", value: text, language: annotation.attributes["xml:lang"])
            if variant != nil {
                variant?.properties.append(property)
            } else if unit != nil {
                unit?.properties.append(property)
            } else {
                header?.properties.append(property)
            }
        }
    }

    private func finishVariant() {
        guard let pending = variant else { return }
        variant = nil
        guard let language = pending.language, !language.isEmpty else {
            unitProblem =
                unitProblem ?? "a <tuv> has no xml:lang; add the language of its segment, e.g. xml:lang=\"es\""
            return
        }
        guard let segment = pending.segment else {
            unitProblem = unitProblem ?? "the \(language) <tuv> has no <seg>; add the segment or remove the <tuv>"
            return
        }
        let isEmpty = segment.allSatisfy { part in
            guard case .text(let text) = part else { return false }
            return text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        }
        if isEmpty {
            unitProblem = unitProblem ?? "the \(language) segment is empty; translate it or remove its <tuv>"
        }
        unit?.variants.append(
            TMXVariant(language: language, segment: segment, properties: pending.properties, notes: pending.notes))
    }

    private func finishUnit() {
        guard let unit else { return }
        self.unit = nil
        var problem = unitProblem
        if problem == nil, unit.variants.isEmpty {
            problem = "the unit has no <tuv>; add its segments or remove it"
        }
        let source = unit.sourceLanguage ?? header?.sourceLanguage ?? TMXDocument.allLanguages
        if problem == nil, source != TMXDocument.allLanguages, unit.variant(in: source) == nil {
            let whose = unit.sourceLanguage == nil ? "the file's source language (srclang in the <header>)"
                : "the unit's source language (its srclang)"
            problem =
                "the unit has no \(source) segment, \(whose); add a <tuv xml:lang=\"\(source)\"> or correct srclang"
        }
        if let problem {
            refused.append(TMXReader.RefusedUnit(file: file, line: unitLine, unitID: unit.id, reason: problem))
        } else {
            units.append(unit)
        }
    }

    private func fail(_ parser: XMLParser, line: Int, _ message: String) {
        guard error == nil else { return }
        error = TMXError(file: file, line: line, message: message)
        parser.abortParsing()
    }
}
