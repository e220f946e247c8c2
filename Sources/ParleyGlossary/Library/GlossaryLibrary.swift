public import Foundation
public import ParleyLanguage

/// The glossaries of a folder (`glossaries/` by default): one TBX file per industry
/// (`hvac.tbx`), the do-not-translate list (`do-not-translate.tbx`) that applies to every
/// industry, and each glossary's change log beside it (`hvac.changes.jsonl`).
public struct GlossaryLibrary: Sendable {
    /// The name of the do-not-translate list, which every industry's matching includes.
    public static let doNotTranslate = "do-not-translate"

    /// The folder.
    public let directory: URL
    /// How TBX files are read.
    public var reader = TBXReader()

    /// - Parameter directory: the folder holding the glossaries.
    public init(directory: URL) {
        self.directory = directory
    }

    /// The industries that have a glossary file, sorted (the do-not-translate list included).
    public func industries() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".tbx") }
            .map { String($0.dropLast(4)) }
            .sorted()
    }

    /// The file of an industry's glossary.
    public func file(for industry: String) -> URL {
        directory.appendingPathComponent("\(industry).tbx")
    }

    /// The change log of an industry's glossary.
    public func changeLog(for industry: String) -> GlossaryChangeLog {
        GlossaryChangeLog(url: directory.appendingPathComponent("\(industry).changes.jsonl"))
    }

    /// Reads and validates an industry's glossary.
    /// - Throws: `GlossaryError` when the file is missing, unreadable or invalid.
    public func load(_ industry: String) throws(GlossaryError) -> Glossary {
        guard GlossaryValidator.isValidIdentifier(industry) else {
            throw GlossaryError(file: nil, "'\(industry)' is not an industry name (lowercase letters, digits, hyphens)")
        }
        let url = file(for: industry)
        guard FileManager.default.fileExists(atPath: url.path) else {
            let known = (try? industries())?.joined(separator: ", ") ?? "none"
            throw GlossaryError(file: url.path, "no glossary for industry '\(industry)'; known: \(known)")
        }
        return try Self.readValidated(url, industry: industry, reader: reader)
    }

    /// Loads a glossary, or an empty one when the industry has no file yet.
    public func loadOrEmpty(_ industry: String) throws(GlossaryError) -> Glossary {
        FileManager.default.fileExists(atPath: file(for: industry).path) ? try load(industry) : Glossary(industry: industry)
    }

    /// The matcher for an industry's messages in a language: the industry's terms and the
    /// do-not-translate list.
    public func matcher(industry: String, language: LanguageTag) throws(GlossaryError) -> GlossaryMatcher {
        var glossaries = [try load(industry)]
        if industry != Self.doNotTranslate, FileManager.default.fileExists(atPath: file(for: Self.doNotTranslate).path) {
            glossaries.append(try load(Self.doNotTranslate))
        }
        return GlossaryMatcher(glossaries: glossaries, language: language)
    }

    /// Validates a glossary and saves it, recording the change in its log. Nothing is written when
    /// the content did not change.
    /// - Parameters:
    ///   - glossary: the new content.
    ///   - author: who made the change.
    ///   - action: what they did.
    ///   - date: when.
    /// - Returns: the log entry, or nil when nothing changed.
    @discardableResult
    public func save(_ glossary: Glossary, by author: String, action: String, at date: Date = Date())
        throws(GlossaryError) -> GlossaryChangeLog.Entry?
    {
        let url = file(for: glossary.industry)
        let issues = GlossaryValidator().issues(in: glossary, file: url.lastPathComponent)
        if !issues.isEmpty { throw GlossaryError(issues) }
        let previous = try loadOrEmpty(glossary.industry)
        let diff = GlossaryDiff(from: previous, to: glossary)
        let exists = FileManager.default.fileExists(atPath: url.path)
        if diff.isEmpty && exists { return nil }
        let entry = GlossaryChangeLog.Entry(
            at: date, by: author, action: action, from: exists ? previous.version : nil, to: glossary.version,
            changes: diff.changes)
        do {
            try Data(TBXWriter().write(glossary).utf8).write(to: url, options: .atomic)
            try changeLog(for: glossary.industry).append(entry)
        } catch {
            throw GlossaryError(file: url.path, "cannot save the glossary: \(error.localizedDescription)")
        }
        return entry
    }

    /// Reads a TBX file and validates it, reporting every problem with its line.
    public static func readValidated(_ url: URL, industry: String? = nil, reader: TBXReader = TBXReader())
        throws(GlossaryError) -> Glossary
    {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw GlossaryError(file: url.path, "cannot read the file: \(error.localizedDescription)")
        }
        let document = try reader.read(data, file: url.path, industry: industry)
        let issues = GlossaryValidator().issues(in: document.glossary, file: url.path, document: document)
        if !issues.isEmpty { throw GlossaryError(issues) }
        return document.glossary
    }
}
