public import Foundation

#if canImport(FoundationXML)
internal import FoundationXML
#endif

/// Reads TMX translation memories (TMX 1.4b; the `lang` attribute of older versions is read too).
///
/// A unit that cannot be used (no segment in its source language, an empty segment, a `<tuv>`
/// without a language or `<seg>`, a date that is not a TMX date) is refused on its own, with its
/// line and the reason, and the rest of the file is read. Inline codes (`<ph>`, `<bpt>`, `<ept>`,
/// `<it>`, `<ut>`) are read as ``TMXVariant/Part/code(_:)`` and highlighting (`<hi>`) as its text.
///
/// Hostile files are refused before parsing, as ``TBXReader`` refuses them: entity declarations
/// and a `<!DOCTYPE>` with an internal subset, files that are not UTF-8 and files over
/// ``maximumSize``. The `<!DOCTYPE tmx SYSTEM "tmx14.dtd">` tools write is accepted and never
/// resolved: no file or network access.
public struct TMXReader: Sendable {
    /// The largest file read, in bytes.
    public var maximumSize: Int

    /// - Parameters:
    ///   - maximumSize: the largest file read, in bytes (default 64 MiB).
    public init(maximumSize: Int = 64 * 1_048_576) {
        self.maximumSize = maximumSize
    }

    /// What reading a TMX file gave: the document and the units left out of it.
    public struct Outcome: Sendable {
        /// The document, with the units that could be read.
        public var document: TMXDocument
        /// The units left out, in file order.
        public var refused: [RefusedUnit]
    }

    /// A unit left out of the document, and why.
    public struct RefusedUnit: Sendable, Hashable, CustomStringConvertible {
        /// The file, as given to the reader.
        public var file: String
        /// The line of its `<tu>`.
        public var line: Int
        /// Its `tuid`, if it has one.
        public var unitID: String?
        /// What is wrong and what to do.
        public var reason: String

        /// `file:line: unit 'id': reason`.
        public var description: String {
            TMXError(file: file, line: line, unit: unitID, message: reason).description
        }
    }

    /// Reads a TMX file.
    /// - Parameters:
    ///   - data: the file's bytes.
    ///   - file: its name, for messages.
    /// - Throws: `TMXError` when the file as a whole cannot be read (not UTF-8, a DTD, not
    ///   well-formed XML, not TMX, no header), with its line.
    public func read(_ data: Data, file: String) throws(TMXError) -> Outcome {
        let prepared: Data
        do {
            prepared = try XMLInput.prepare(data, maximumSize: maximumSize, kind: "translation memories")
        } catch {
            throw TMXError(file: file, line: error.line, message: error.message)
        }
        let handler = TMXParseHandler(file: file)
        let parser = XMLParser(data: prepared)
        parser.shouldResolveExternalEntities = false
        parser.shouldProcessNamespaces = false
        parser.delegate = handler
        let parsed = parser.parse()
        if let error = handler.error { throw error }
        if !parsed {
            let message = parser.parserError.map { "\($0.localizedDescription)" } ?? "unknown error"
            throw TMXError(
                file: file, line: parser.lineNumber,
                message: "not well-formed XML (\(message)); fix the markup near this line")
        }
        guard handler.sawRoot else {
            throw TMXError(file: file, line: 1, message: "not a TMX file: the root element must be <tmx>")
        }
        guard let header = handler.header else {
            throw TMXError(
                file: file, line: handler.rootLine,
                message: "the file has no <header>; add <header srclang=\"en\" …/> before the <body>")
        }
        return Outcome(document: TMXDocument(header: header, units: handler.units), refused: handler.refused)
    }
}
