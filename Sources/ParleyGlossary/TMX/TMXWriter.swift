internal import Foundation

/// Writes a translation memory as TMX 1.4b (UTF-8), which ``TMXReader`` reads back equal.
///
/// Codes are written as `<ph x="1">…</ph>`, numbered from 1 in each segment; segment text is
/// written exactly as it is (no indentation inside `<seg>`), with carriage returns as `&#xD;` so
/// that they survive XML's line-end normalization.
public struct TMXWriter: Sendable {
    public init() {}

    /// The TMX document for a translation memory.
    /// - Parameters:
    ///   - document: the translation memory.
    /// - Throws: `TMXError` naming the unit (its `tuid`, or `#n` counting from 1) when some text
    ///   holds a character XML cannot (control characters other than tab and line breaks, U+FFFE,
    ///   U+FFFF).
    public func write(_ document: TMXDocument) throws(TMXError) -> String {
        let header = document.header
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\n"
        var attributes = [
            ("creationtool", header.creationTool), ("creationtoolversion", header.creationToolVersion),
            ("segtype", header.segmentType), ("o-tmf", header.originalFormat), ("adminlang", header.adminLanguage),
            ("srclang", header.sourceLanguage), ("datatype", header.dataType),
        ]
        attributes += optional([
            ("o-encoding", header.originalEncoding), ("creationdate", header.creationDate.map(TMXDate.format)),
            ("creationid", header.creationID), ("changedate", header.changeDate.map(TMXDate.format)),
            ("changeid", header.changeID),
        ])
        out += "  <header" + (try self.attributes(attributes, unit: nil))
        let headerChildren = try annotations(header.notes, header.properties, indent: "    ", unit: nil)
        out += headerChildren.isEmpty ? "/>\n" : ">\n" + headerChildren + "  </header>\n"
        out += "  <body>\n"
        for (index, unit) in document.units.enumerated() {
            let name = unit.id ?? "#\(index + 1)"
            let unitAttributes = optional([
                ("tuid", unit.id), ("srclang", unit.sourceLanguage),
                ("creationdate", unit.creationDate.map(TMXDate.format)), ("creationid", unit.creationID),
                ("changedate", unit.changeDate.map(TMXDate.format)), ("changeid", unit.changeID),
            ])
            out += "    <tu" + (try self.attributes(unitAttributes, unit: name)) + ">\n"
            out += try annotations(unit.notes, unit.properties, indent: "      ", unit: name)
            for variant in unit.variants {
                out += "      <tuv" + (try self.attributes([("xml:lang", variant.language)], unit: name)) + ">\n"
                out += try annotations(variant.notes, variant.properties, indent: "        ", unit: name)
                out += "        <seg>" + (try segment(variant.segment, unit: name)) + "</seg>\n"
                out += "      </tuv>\n"
            }
            out += "    </tu>\n"
        }
        out += "  </body>\n</tmx>\n"
        return out
    }

    private func optional(_ pairs: [(String, String?)]) -> [(String, String)] {
        pairs.compactMap { name, value in value.map { (name, $0) } }
    }

    private func attributes(_ pairs: [(String, String)], unit: String?) throws(TMXError) -> String {
        var out = ""
        for (name, value) in pairs {
            out += " \(name)=\"\(try escape(value, inAttribute: true, unit: unit, what: name))\""
        }
        return out
    }

    private func annotations(_ notes: [String], _ properties: [TMXProperty], indent: String, unit: String?)
        throws(TMXError) -> String
    {
        var out = ""
        for note in notes {
            out += indent + "<note>" + (try escape(note, inAttribute: false, unit: unit, what: "a note")) + "</note>\n"
        }
        for property in properties {
            var pairs = [("type", property.type)]
            if let language = property.language { pairs.append(("xml:lang", language)) }
            out += indent + "<prop" + (try attributes(pairs, unit: unit)) + ">"
                + (try escape(property.value, inAttribute: false, unit: unit, what: "a property")) + "</prop>\n"
        }
        return out
    }

    private func segment(_ parts: [TMXVariant.Part], unit: String?) throws(TMXError) -> String {
        var out = ""
        var code = 0
        for part in parts {
            switch part {
            case .text(let text):
                out += try escape(text, inAttribute: false, unit: unit, what: "a segment")
            case .code(let text):
                code += 1
                let content = try escape(text, inAttribute: false, unit: unit, what: "a code")
                out += "<ph x=\"\(code)\">" + content + "</ph>"
            }
        }
        return out
    }

    private func escape(_ text: String, inAttribute: Bool, unit: String?, what: String) throws(TMXError) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"" where inAttribute: result += "&quot;"
            case "\r": result += "&#xD;"
            case "\n" where inAttribute: result += "&#xA;"
            case "\t" where inAttribute: result += "&#x9;"
            case "\n", "\t": result.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    let code = "U+" + String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 4)
                    throw TMXError(
                        unit: unit,
                        message: "\(what) contains \(code), which XML cannot hold; remove it from the text")
                }
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
