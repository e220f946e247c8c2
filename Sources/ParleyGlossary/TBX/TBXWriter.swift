internal import ParleyLanguage

/// Writes a glossary as TBX-Basic (ISO 30042:2019, DCA style), deterministically: the same glossary
/// always gives the same bytes, which is what its version hashes.
///
/// Mapping: concept → `conceptEntry id`, industry → `descrip type="subjectField"`, definition →
/// `descrip type="definition"`, language → `langSec xml:lang`, term → `termSec/term` with
/// `termNote` `partOfSpeech`, `administrativeStatus` (`preferredTerm-admn-sts`,
/// `admittedTerm-admn-sts`, `deprecatedTerm-admn-sts` for forbidden) and `termType` `variant`.
/// Do-not-translate is `termNote type="translationNote"` `no` (the convention Weblate and the
/// Translate Toolkit read); Parley's matching options are `note` `parley:match-case` and
/// `parley:match-accents`.
public struct TBXWriter: Sendable {
    public init() {}

    /// The TBX document for a glossary.
    public func write(_ glossary: Glossary) -> String {
        var out = """
            <?xml version="1.0" encoding="UTF-8"?>
            <tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
              <tbxHeader>
                <fileDesc>
                  <titleStmt>
                    <title>Parley glossary: \(escape(glossary.industry))</title>
                  </titleStmt>
                  <sourceDesc>
                    <p>Edited by Parley admins; written by Parley's TBX writer.</p>
                  </sourceDesc>
                </fileDesc>
              </tbxHeader>
              <text>
                <body>

            """
        for concept in glossary.concepts {
            out += "      <conceptEntry id=\"\(escape(concept.id))\">\n"
            out += "        <descrip type=\"subjectField\">\(escape(glossary.industry))</descrip>\n"
            if let definition = concept.definition {
                out += "        <descrip type=\"definition\">\(escape(definition))</descrip>\n"
            }
            for language in concept.terms.keys.sorted(by: LanguageTag.glossaryOrder) {
                out += "        <langSec xml:lang=\"\(escape(language.identifier))\">\n"
                for term in concept.terms[language] ?? [] {
                    out += "          <termSec>\n"
                    out += "            <term>\(escape(term.text))</term>\n"
                    if let partOfSpeech = concept.partOfSpeech {
                        out += "            <termNote type=\"partOfSpeech\">\(partOfSpeech.rawValue)</termNote>\n"
                    }
                    out += "            <termNote type=\"administrativeStatus\">\(TBXVocabulary.status(term.status))</termNote>\n"
                    if term.variant { out += "            <termNote type=\"termType\">variant</termNote>\n" }
                    if concept.doNotTranslate { out += "            <termNote type=\"translationNote\">no</termNote>\n" }
                    if term.matchCase { out += "            <note>\(TBXVocabulary.matchCase)</note>\n" }
                    if term.matchAccents { out += "            <note>\(TBXVocabulary.matchAccents)</note>\n" }
                    out += "          </termSec>\n"
                }
                out += "        </langSec>\n"
            }
            out += "      </conceptEntry>\n"
        }
        out += "    </body>\n  </text>\n</tbx>\n"
        return out
    }

    private func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            default: result.append(character)
            }
        }
        return result
    }
}

/// The TBX values Parley reads and writes.
enum TBXVocabulary {
    static let matchCase = "parley:match-case"
    static let matchAccents = "parley:match-accents"

    static func status(_ status: Term.Status) -> String {
        switch status {
        case .preferred: "preferredTerm-admn-sts"
        case .admitted: "admittedTerm-admn-sts"
        case .forbidden: "deprecatedTerm-admn-sts"
        }
    }

    /// Reads a status; also accepts the bare words and TBX's superseded status (as forbidden).
    static func status(_ text: String) -> Term.Status? {
        switch text.lowercased() {
        case "preferredterm-admn-sts", "preferred", "preferredterm": .preferred
        case "admittedterm-admn-sts", "admitted", "admittedterm": .admitted
        case "deprecatedterm-admn-sts", "supersededterm-admn-sts", "forbidden", "forbiddenterm-admn-sts",
            "deprecated", "deprecatedterm":
            .forbidden
        default: nil
        }
    }
}
