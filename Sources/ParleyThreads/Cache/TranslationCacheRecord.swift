internal import GRDB
internal import ParleyGlossary
internal import ParleyLanguage
internal import ParleyTranslation

/// One row of the `translation_cache` table.
struct TranslationCacheRecord: Codable, Sendable, Hashable {
    /// ``TranslationCacheKey/digest``: the primary key.
    var digest: String
    /// The translation.
    var value: String
    /// The key's fields, for inspection; lookups use only ``digest``.
    var backend: String
    var source: String
    var target: String
    var glossaryVersion: String?
    var protection: String
    var formality: String?
    /// ``TranslationCacheKey/byteCount`` plus the UTF-8 bytes of the value, as
    /// `MemoryCacheStore` counts an entry.
    var bytes: Int
    /// Unix seconds on the wall clock.
    var createdAt: Double
    var accessedAt: Double
    var expiresAt: Double?

    /// - Parameters:
    ///   - key: the key.
    ///   - value: the translation.
    ///   - now: the wall-clock time of the write, in Unix seconds.
    ///   - expiresAt: when the entry expires, in Unix seconds; nil when it does not.
    init(key: TranslationCacheKey, value: String, now: Double, expiresAt: Double?) {
        self.digest = key.digest
        self.value = value
        self.backend = key.backend
        self.source = key.source.identifier
        self.target = key.target.identifier
        self.glossaryVersion = key.glossaryVersion?.identifier
        self.protection = key.protection
        self.formality = key.formality?.rawValue
        self.bytes = key.byteCount + value.utf8.count
        self.createdAt = now
        self.accessedAt = now
        self.expiresAt = expiresAt
    }

    enum CodingKeys: String, CodingKey {
        case digest, value, backend, source, target
        case glossaryVersion = "glossary_version"
        case protection, formality, bytes
        case createdAt = "created_at"
        case accessedAt = "accessed_at"
        case expiresAt = "expires_at"
    }
}

extension TranslationCacheRecord: FetchableRecord, PersistableRecord {
    static var databaseTableName: String { "translation_cache" }

    enum Columns {
        static let digest = Column(CodingKeys.digest)
        static let value = Column(CodingKeys.value)
        static let bytes = Column(CodingKeys.bytes)
        static let createdAt = Column(CodingKeys.createdAt)
        static let accessedAt = Column(CodingKeys.accessedAt)
        static let expiresAt = Column(CodingKeys.expiresAt)
    }
}
