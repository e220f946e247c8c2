import Foundation
import ParleyGlossary
import ParleyTesting
import PropertyBased
import Testing

/// Properties of TMX reading and writing, seeded (see ``Fuzz``): what the writer writes reads back
/// equal, whatever the text; and hostile bytes (mutated TMX files) are read or refused with where
/// and what, never a crash or a hang.
@Suite struct TMXPropertyTests {
    static let timeLimit = 10.0
    static let languages = ["en", "es", "ES-mx", "zh-Hant", "x-klingon", "fr"]

    /// Hostile text; XML-safe unless `raw` (then it may hold characters XML cannot).
    static func text(raw: Bool, using rng: inout some SeededRandomNumberGenerator) -> String {
        let text = Hostile.text(pieces: 0...3).run(using: &rng)
        guard !raw else { return text }
        var safe = String.UnicodeScalarView()
        safe.append(contentsOf: text.unicodeScalars.filter { !isNotXML($0) })
        return String(safe)
    }

    static func isNotXML(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r") || scalar.value == 0xFFFE
            || scalar.value == 0xFFFF
    }

    static func maybeText(raw: Bool, using rng: inout some SeededRandomNumberGenerator) -> String? {
        Bool.random(using: &rng) ? text(raw: raw, using: &rng) : nil
    }

    static func date(using rng: inout some SeededRandomNumberGenerator) -> Date? {
        guard Bool.random(using: &rng) else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(Int.random(in: 0...4_102_444_799, using: &rng)))
    }

    /// A segment as the reader gives it: no empty text, no two texts in a row, something in it.
    static func segment(raw: Bool, using rng: inout some SeededRandomNumberGenerator) -> [TMXVariant.Part] {
        var parts: [TMXVariant.Part] = []
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            let piece = text(raw: raw, using: &rng)
            if Int.random(in: 0..<3, using: &rng) == 0 {
                parts.append(.code(piece))
            } else if !piece.isEmpty {
                if case .text(let previous) = parts.last {
                    parts[parts.count - 1] = .text(previous + piece)
                } else {
                    parts.append(.text(piece))
                }
            }
        }
        let hasContent = parts.contains { part in
            if case .text(let text) = part { !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty } else { true }
        }
        if !hasContent { parts.append(.code("{0}")) }
        return parts
    }

    static func properties(raw: Bool, using rng: inout some SeededRandomNumberGenerator) -> [TMXProperty] {
        (0..<Int.random(in: 0...2, using: &rng)).map { _ in
            TMXProperty(
                type: text(raw: raw, using: &rng), value: text(raw: raw, using: &rng),
                language: Bool.random(using: &rng) ? languages.randomElement(using: &rng)! : nil)
        }
    }

    static func notes(raw: Bool, using rng: inout some SeededRandomNumberGenerator) -> [String] {
        (0..<Int.random(in: 0...2, using: &rng)).map { _ in text(raw: raw, using: &rng) }
    }

    /// Documents the reader accepts whole: every unit has a segment in its source language. One in
    /// eight may hold characters XML cannot.
    static let documents = Generator { rng -> TMXDocument in
        let raw = Int.random(in: 0..<8, using: &rng) == 0
        let source = Int.random(in: 0..<5, using: &rng) == 0 ? TMXDocument.allLanguages : languages.randomElement(using: &rng)!
        let header = TMXDocument.Header(
            sourceLanguage: source, creationTool: text(raw: raw, using: &rng), creationToolVersion: text(raw: raw, using: &rng),
            segmentType: ["sentence", "paragraph", "block", "phrase"].randomElement(using: &rng)!,
            originalFormat: text(raw: raw, using: &rng), adminLanguage: "en", dataType: "plaintext",
            originalEncoding: Bool.random(using: &rng) ? "UTF-8" : nil, creationDate: date(using: &rng),
            creationID: maybeText(raw: raw, using: &rng), changeDate: date(using: &rng),
            changeID: maybeText(raw: raw, using: &rng), properties: properties(raw: raw, using: &rng),
            notes: notes(raw: raw, using: &rng))
        var units: [TMXUnit] = []
        for _ in 0..<Int.random(in: 0...5, using: &rng) {
            var variantLanguages = Array(languages.shuffled(using: &rng).prefix(Int.random(in: 1...3, using: &rng)))
            let own = Int.random(in: 0..<4, using: &rng) == 0 ? variantLanguages.randomElement(using: &rng) : nil
            if own == nil, source != TMXDocument.allLanguages, !variantLanguages.contains(source) {
                variantLanguages.insert(source, at: 0)
            }
            let variants = variantLanguages.map { language in
                TMXVariant(
                    language: language, segment: segment(raw: raw, using: &rng), properties: properties(raw: raw, using: &rng),
                    notes: notes(raw: raw, using: &rng))
            }
            units.append(TMXUnit(
                id: maybeText(raw: raw, using: &rng), sourceLanguage: own, creationDate: date(using: &rng),
                creationID: maybeText(raw: raw, using: &rng), changeDate: date(using: &rng),
                changeID: maybeText(raw: raw, using: &rng), properties: properties(raw: raw, using: &rng),
                notes: notes(raw: raw, using: &rng), variants: variants))
        }
        return TMXDocument(header: header, units: units)
    }

    /// Whether any text of a document holds a character XML cannot.
    static func holdsNonXML(_ document: TMXDocument) -> Bool {
        func texts(_ properties: [TMXProperty]) -> [String] {
            properties.flatMap { [$0.type, $0.value, $0.language ?? ""] }
        }
        let header = document.header
        var all = [header.sourceLanguage, header.creationTool, header.creationToolVersion, header.segmentType,
                   header.originalFormat, header.adminLanguage, header.dataType]
        all += [header.originalEncoding, header.creationID, header.changeID].compactMap { $0 }
        all += texts(header.properties) + header.notes
        for unit in document.units {
            all += [unit.id, unit.sourceLanguage, unit.creationID, unit.changeID].compactMap { $0 }
            all += texts(unit.properties) + unit.notes
            for variant in unit.variants {
                all += [variant.language] + texts(variant.properties) + variant.notes
                all += variant.segment.map { part in
                    switch part {
                    case .text(let text), .code(let text): text
                    }
                }
            }
        }
        return all.contains { $0.unicodeScalars.contains(where: isNotXML) }
    }

    @Test func writtenDocumentsReadBackEqual() async {
        let report = await Fuzz.check("tmx round trip", cases: 300, input: Self.documents) { document in
            let written: String
            do throws(TMXError) {
                written = try TMXWriter().write(document)
            } catch {
                try Fuzz.require(Self.holdsNonXML(document), "a writable document was refused: \(error)")
                try Fuzz.require(error.message.contains("which XML cannot hold"), "refused with: \(error)")
                return
            }
            try Fuzz.require(!Self.holdsNonXML(document), "text XML cannot hold was written")
            let outcome = try TMXReader().read(Data(written.utf8), file: "round-trip.tmx")
            try Fuzz.require(outcome.refused.isEmpty, "units were refused: \(outcome.refused)")
            try Fuzz.require(outcome.document == document, "read back different:\n\(written)")
        }
        #expect(report.passed)
    }

    static let tmxTokens: [[UInt8]] = [
        "<", ">", "/>", "</", "<tu>", "</tu>", "<tuv xml:lang=\"", "<tuv lang=\"es\">", "</tuv>", "<seg>", "</seg>",
        "<ph x=\"1\">", "</ph>", "<bpt i=\"1\">", "</bpt>", "<ept i=\"1\">", "</ept>", "<it pos=\"begin\">", "<ut>", "<sub>",
        "</sub>", "<hi>", "</hi>", "<prop type=\"x\">", "</prop>", "<note>", "</note>", " srclang=\"", " tuid=\"",
        " creationdate=\"20240131T093000Z\"", " changedate=\"2024\"", "*all*", "<!DOCTYPE tmx [<!ENTITY a \"b\">]>",
        "<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">", "<!ENTITY", "<!doctype", "&a;", "&#0;", "&#xD;", "&#x1F600;", "&amp;", "&",
        "<![CDATA[", "]]>", "<!--", "-->", "<?xml version=\"1.0\" encoding=\"UTF-7\"?>", "\u{FEFF}", "\r\n",
        String(repeating: "<hi>", count: 300), String(repeating: "</hi>", count: 300),
    ].map { Array($0.utf8) }

    @Test func mutatedTMXFilesAreReadOrRefusedWithWhereAndWhat() async throws {
        let fixture = try Fixtures.exchangeFile("sms-replies.tmx")
        var rng = Fuzz.generator(property: "tmx seed", case: 0)
        // A generated document the writer can write (one in eight holds text XML cannot).
        let rich = try #require((0..<50).lazy.compactMap { _ in try? TMXWriter().write(Self.documents.run(using: &rng)) }.first)
        let seeds = [Array(fixture), Array(rich.utf8)]
        var read = 0
        let report = await Fuzz.check(
            "tmx read", cases: 300, input: Hostile.mutated(seeds, dictionary: Self.tmxTokens),
            describe: { "\($0.count) bytes: \(Fuzz.escaped($0))" }
        ) { bytes in
            let outcome = try await Fuzz.withTimeout(Self.timeLimit, "reading a mutated TMX file") {
                () -> Result<TMXReader.Outcome, TMXError> in
                do throws(TMXError) {
                    return .success(try TMXReader().read(Data(bytes), file: "fuzz.tmx"))
                } catch {
                    return .failure(error)
                }
            }
            switch outcome {
            case .failure(let error):
                try Fuzz.require(error.file == "fuzz.tmx", "the error names no file: \(error)")
                try Fuzz.require(!error.message.isEmpty, "the error says nothing")
                try Fuzz.require(error.line != nil || error.message.hasPrefix("the file"), "the error says not where: \(error)")
            case .success(let outcome):
                read += 1
                for unit in outcome.refused {
                    try Fuzz.require(unit.line >= 1 && !unit.reason.isEmpty, "a refusal says not where or why: \(unit)")
                }
                // What was read, written again, reads back the same (or is refused for text XML cannot hold).
                let written: String
                do throws(TMXError) {
                    written = try TMXWriter().write(outcome.document)
                } catch {
                    try Fuzz.require(error.message.contains("which XML cannot hold"), "the writer refused: \(error)")
                    return
                }
                let again = try TMXReader().read(Data(written.utf8), file: "again.tmx")
                try Fuzz.require(again.refused.isEmpty && again.document == outcome.document, "read back different:\n\(written)")
            }
        }
        #expect(report.passed)
        // Some mutated files still read (most do not), so the round trip above is exercised.
        #expect(read > 0)
    }
}
