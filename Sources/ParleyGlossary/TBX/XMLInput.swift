internal import Foundation

/// The checks the TBX and TMX readers make on a file's bytes before an XML parser sees them.
///
/// A file is refused when it is too large, not UTF-8 (or declares another encoding, which the
/// parser would decode where these checks cannot see), or holds an entity declaration or a
/// `<!DOCTYPE>` with an internal subset (external entities, entity-expansion bombs). A
/// `<!DOCTYPE>` that only names the root element and an external DTD, as TBX 2008 and TMX files
/// carry (`<!DOCTYPE martif PUBLIC "…" "TBXcdv04.dtd">`, `<!DOCTYPE tmx SYSTEM "tmx14.dtd">`), is
/// accepted and blanked out before parsing, so the parser never sees it and nothing it names is
/// ever fetched or read.
enum XMLInput {
    /// Why a file is refused, and where.
    struct Problem: Error {
        var line: Int?
        var message: String
    }

    /// The start of the message for a refused DTD or entity declaration.
    static let declarationRefusal =
        "DTDs and entity declarations are not allowed (they enable external-entity and entity-expansion attacks)"

    /// The bytes to give the parser: the file with its `<!DOCTYPE>` (if any) replaced by spaces
    /// (line breaks kept, so lines still count the same).
    /// - Parameters:
    ///   - data: the file's bytes.
    ///   - maximumSize: the largest file accepted, in bytes.
    ///   - kind: what such files are, plural, for the size message (`glossaries`).
    static func prepare(_ data: Data, maximumSize: Int, kind: String) throws(Problem) -> Data {
        guard data.count <= maximumSize else {
            throw Problem(
                line: nil, message: "the file is \(data.count) bytes; \(kind) over \(maximumSize) bytes are refused")
        }
        if data.starts(with: [0xFE, 0xFF]) || data.starts(with: [0xFF, 0xFE]) || data.contains(0) {
            throw Problem(line: 1, message: "the file is not UTF-8 (UTF-16 or binary); save it as UTF-8")
        }
        // The checks below read the bytes as UTF-8; a parser told another encoding (UTF-7's
        // `+ADw-!DOCTYPE`, EBCDIC) would see a DTD they cannot.
        if let line = firstNonUTF8Line(in: data) {
            throw Problem(line: line, message: "the file is not UTF-8 text from this line on; save it as UTF-8")
        }
        if let encoding = declaredEncoding(in: data), !["utf-8", "us-ascii", "ascii"].contains(encoding.lowercased()) {
            throw Problem(
                line: 1,
                message: "the XML declaration names encoding '\(encoding)'; only UTF-8 is read: save the file as UTF-8 "
                    + "with encoding=\"UTF-8\"")
        }
        var bytes = [UInt8](data)
        if let doctype = try doctypeRange(in: bytes) {
            for index in doctype where bytes[index] != 0x0A && bytes[index] != 0x0D {
                bytes[index] = 0x20
            }
        }
        return Data(bytes)
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
        var rest = declaration[(start + name.count)...].drop(while: isSpace)
        guard rest.first == UInt8(ascii: "=") else { return nil }
        rest = rest.dropFirst().drop(while: isSpace)
        guard let quote = rest.first, quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else { return nil }
        let value = rest.dropFirst().prefix { $0 != quote }
        return String(decoding: value, as: UTF8.self)
    }

    /// The bytes of the one acceptable `<!DOCTYPE>`, if the file has one.
    ///
    /// Every `<!ENTITY` and `<!DOCTYPE` (ASCII case-insensitive, wherever it stands) is refused
    /// except one `<!DOCTYPE name>`, `<!DOCTYPE name SYSTEM "…">` or `<!DOCTYPE name PUBLIC "…" "…">`
    /// before the first element: no internal subset, nothing this check cannot read.
    static func doctypeRange(in bytes: [UInt8]) throws(Problem) -> Range<Int>? {
        var line = 1
        var index = 0
        var found: Range<Int>?
        var sawElement = false
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0A { line += 1 }
            guard byte == 0x3C, index + 1 < bytes.count else {  // "<"
                index += 1
                continue
            }
            let next = bytes[index + 1]
            if next != 0x21 {  // not "<!": an element starts when a name follows
                if isNameStart(next) { sawElement = true }
                index += 1
                continue
            }
            let word = bytes[(index + 2)..<min(bytes.count, index + 9)].map { $0 | 0x20 }
            if word.starts(with: Array("entity".utf8)) {
                throw Problem(line: line, message: declarationRefusal + "; remove the <!ENTITY …> declaration")
            }
            if word.starts(with: Array("doctype".utf8)) {
                guard found == nil, !sawElement, bytes[(index + 2)...].starts(with: Array("DOCTYPE".utf8)) else {
                    throw Problem(line: line, message: declarationRefusal + "; remove the <!DOCTYPE …> declaration")
                }
                let end = try doctypeEnd(in: bytes, from: index + 9, line: line)
                found = index..<end
                line += bytes[index..<end].count { $0 == 0x0A }
                index = end
                continue
            }
            index += 1
        }
        return found
    }

    /// The index after the `>` that closes a `<!DOCTYPE` whose keyword ends at `start`.
    private static func doctypeEnd(in bytes: [UInt8], from start: Int, line: Int) throws(Problem) -> Int {
        let refusal = Problem(
            line: line,
            message: declarationRefusal + "; remove the <!DOCTYPE …> declaration (one that names only the root "
                + "element and its DTD, <!DOCTYPE root SYSTEM \"file.dtd\">, is accepted and never read)")
        let subset = Problem(
            line: line,
            message: declarationRefusal + "; remove the internal subset [ … ] of the <!DOCTYPE …> declaration "
                + "(one that names only the root element and its DTD is accepted and never read)")
        var index = start
        func skipSpaces() -> Bool {
            let before = index
            while index < bytes.count, isSpace(bytes[index]) { index += 1 }
            return index > before
        }
        func literal() throws(Problem) {
            _ = skipSpaces()
            guard index < bytes.count, bytes[index] == 0x22 || bytes[index] == 0x27 else { throw refusal }
            let quote = bytes[index]
            guard let close = bytes[(index + 1)...].firstIndex(of: quote) else { throw refusal }
            index = close + 1
        }
        guard skipSpaces() else { throw refusal }
        let nameStart = index
        while index < bytes.count, !isSpace(bytes[index]), bytes[index] != 0x3E, bytes[index] != 0x5B { index += 1 }
        guard index > nameStart else { throw refusal }
        _ = skipSpaces()
        if bytes[index...].starts(with: Array("SYSTEM".utf8)) {
            index += 6
            try literal()
        } else if bytes[index...].starts(with: Array("PUBLIC".utf8)) {
            index += 6
            try literal()
            try literal()
        }
        _ = skipSpaces()
        guard index < bytes.count else { throw refusal }
        if bytes[index] == 0x5B { throw subset }  // "["
        guard bytes[index] == 0x3E else { throw refusal }  // ">"
        return index + 1
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A
    }

    /// Whether a byte can start an XML name (ASCII letters, `_`, `:` or any non-ASCII byte).
    private static func isNameStart(_ byte: UInt8) -> Bool {
        (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == 0x5F || byte == 0x3A || byte >= 0x80
    }
}
