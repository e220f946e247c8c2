public import Foundation

/// The record of who changed a glossary, when and how: a JSON-lines file beside it
/// (`glossaries/<industry>.changes.jsonl`), one entry per saved version.
public struct GlossaryChangeLog: Sendable {
    /// One saved change.
    public struct Entry: Sendable, Hashable, Codable {
        /// When it was saved.
        public var at: Date
        /// Who saved it.
        public var by: String
        /// What they did, e.g. `import hvac-extra.csv`, `edit`.
        public var action: String
        /// The version before (nil for a new glossary).
        public var from: GlossaryVersion?
        /// The version after.
        public var to: GlossaryVersion
        /// What changed, one line per change.
        public var changes: [String]

        public init(at: Date, by: String, action: String, from: GlossaryVersion?, to: GlossaryVersion, changes: [String]) {
            self.at = at
            self.by = by
            self.action = action
            self.from = from
            self.to = to
            self.changes = changes
        }
    }

    /// The log file.
    public let url: URL

    public init(url: URL) { self.url = url }

    /// Appends an entry.
    public func append(_ entry: Entry) throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var line = try encoder.encode(entry)
        line.append(0x0A)
        if !FileManager.default.fileExists(atPath: url.path) {
            try Data().write(to: url)
        }
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: line)
    }

    /// Every entry, oldest first; an empty list when there is no log yet.
    public func entries() throws -> [Entry] {
        guard FileManager.default.fileExists(atPath: url.path) else { return [] }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let text = try String(contentsOf: url, encoding: .utf8)
        return try text.split(separator: "\n").map { try decoder.decode(Entry.self, from: Data($0.utf8)) }
    }
}
