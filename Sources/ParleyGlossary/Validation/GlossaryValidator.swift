internal import ParleyLanguage
internal import Foundation

/// Checks a glossary for what would make translations wrong or ambiguous: concepts without a
/// preferred term, duplicate and conflicting terms, unusable text, bad ids.
public struct GlossaryValidator: Sendable {
    /// The longest term, in UTF-8 bytes (DeepL's limit).
    public static let maximumTermBytes = 1_024

    public init() {}

    /// Every problem of a glossary, located with the document's lines when given.
    /// - Parameters:
    ///   - glossary: the glossary.
    ///   - file: the file name for messages.
    ///   - document: the TBX document it was read from, for line numbers.
    public func issues(in glossary: Glossary, file: String? = nil, document: TBXReader.Document? = nil) -> [GlossaryIssue] {
        var issues: [GlossaryIssue] = []
        func report(_ message: String, concept: String? = nil, language: LanguageTag? = nil, term: String? = nil) {
            var line = concept.flatMap { document?.conceptLines[$0] }
            if let concept, let language, let term,
               let termLine = document?.termLines[.init(concept: concept, language: language, text: term)] {
                line = termLine
            }
            issues.append(GlossaryIssue(file: file, line: line, concept: concept, term: term, message: message))
        }

        if !Self.isValidIdentifier(glossary.industry) {
            report("industry '\(glossary.industry)' must be lowercase letters, digits and hyphens")
        }
        var seenIDs: Set<String> = []
        // Lenient key of each term → the concepts' terms that own it, per language.
        var owners: [LanguageTag: [String: [(concept: String, term: Term)]]] = [:]
        for concept in glossary.concepts {
            if !seenIDs.insert(concept.id).inserted {
                report("duplicate concept id; every concept needs its own id", concept: concept.id)
            }
            if !Self.isValidIdentifier(concept.id) {
                report("concept id must be lowercase letters, digits and hyphens", concept: concept.id)
            }
            if concept.terms.isEmpty {
                report("the concept has no terms", concept: concept.id)
            }
            if let definition = concept.definition, let problem = Self.definitionProblem(definition) {
                report(problem, concept: concept.id)
            }
            for (language, terms) in concept.terms {
                let preferred = terms.filter { $0.status == .preferred }
                if preferred.isEmpty {
                    report("no preferred term in \(language); mark the term Parley should write as preferred",
                           concept: concept.id)
                } else if preferred.count > 1 {
                    report("\(preferred.count) preferred terms in \(language) (\(preferred.map(\.text).joined(separator: ", "))); "
                               + "keep one and make the others admitted", concept: concept.id, language: language, term: preferred[1].text)
                }
                var seenTexts: Set<String> = []
                for term in terms {
                    if let problem = Self.textProblem(term.text) {
                        report(problem, concept: concept.id, language: language, term: term.text)
                        continue
                    }
                    let key = TermFolding.lenientKey(term.text)
                    if !seenTexts.insert(term.exactKey).inserted {
                        report("duplicate term in \(language)", concept: concept.id, language: language, term: term.text)
                        continue
                    }
                    if key.isEmpty {
                        report("the term has no letters or digits to match", concept: concept.id, language: language, term: term.text)
                        continue
                    }
                    if term.status == .forbidden { continue }
                    let rivals = owners[language]?[key] ?? []
                    if let owner = rivals.first(where: { $0.concept != concept.id && Self.overlap($0.term, term) }) {
                        report("conflicting term: '\(term.text)' (\(language)) is also a term of concept '\(owner.concept)' "
                                   + "('\(owner.term.text)'); a term may name only one concept per glossary (where only "
                                   + "accents tell them apart, set match-accents on both)",
                               concept: concept.id, language: language, term: term.text)
                    } else {
                        owners[language, default: [:]][key, default: []].append((concept.id, term))
                    }
                }
            }
        }
        return issues
    }

    /// Whether some text would match both terms (their lenient keys are known to be equal): unless
    /// both insist on accents and their accents differ.
    static func overlap(_ lhs: Term, _ rhs: Term) -> Bool {
        guard lhs.matchAccents && rhs.matchAccents else { return true }
        return ICU.nfkcCaseFolded(lhs.text) == ICU.nfkcCaseFolded(rhs.text)
    }

    /// Whether text is a valid industry name or concept id: lowercase ASCII letters, digits and
    /// inner hyphens, at most 100 characters (so it is safe as a file name).
    /// - Parameters:
    ///   - text: the name or id.
    public static func isValidIdentifier(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 100 && !text.hasPrefix("-") && !text.hasSuffix("-")
            && text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    /// Why a term's text cannot be used, if it cannot.
    static func textProblem(_ text: String) -> String? {
        if text.utf8.count > maximumTermBytes {
            return "the term is \(text.utf8.count) bytes; terms may have at most \(maximumTermBytes)"
        }
        if text != text.trimmingCharacters(in: .whitespacesAndNewlines) {
            return "the term has leading or trailing white space"
        }
        if text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return "the term contains control characters (tabs, line breaks); write it on one line"
        }
        if text.unicodeScalars.contains(where: isNotXML) {
            return "the term contains U+FFFE or U+FFFF, which a TBX (XML) file cannot hold; remove it"
        }
        return nil
    }

    /// Why a definition cannot be saved as TBX and read back the same, if it cannot.
    static func definitionProblem(_ text: String) -> String? {
        if text.isEmpty || text != text.trimmingCharacters(in: .whitespacesAndNewlines) {
            return "the definition is empty or has leading or trailing white space; trim it or leave it out"
        }
        if text.unicodeScalars.contains(where: { $0 != "\n" && $0 != "\t" && $0.properties.generalCategory == .control }) {
            return "the definition contains control characters other than line breaks and tabs; remove them"
        }
        if text.unicodeScalars.contains(where: isNotXML) {
            return "the definition contains U+FFFE or U+FFFF, which a TBX (XML) file cannot hold; remove it"
        }
        return nil
    }

    /// Whether XML 1.0 forbids a scalar that is not a control character (its `Char` excludes only
    /// those, surrogates and these two).
    private static func isNotXML(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value == 0xFFFE || scalar.value == 0xFFFF
    }
}

extension Term {
    /// The term compared exactly, after NFC.
    var exactKey: String { ICU.nfc(text) }
}
