internal import Crypto
internal import Foundation
public import ParleyGlossary
public import ParleyLanguage

/// What a cached translation depends on: the engine, the direction, the glossary, how the text was
/// protected, and the protected text itself.
///
/// Two keys are equal exactly when a backend would be asked the same question, so a change to any
/// part, such as a glossary edit (a new `GlossaryVersion`) or a backend upgrade (a new
/// ``TranslationBackend/identity``), gives a different key and can never be answered by an older
/// translation.
///
/// Every text field is held in Unicode NFC, so keys whose texts are canonically equivalent are equal
/// and have the same ``digest``. No other normalization is done: whitespace and case reach the
/// backend and change its answer, so they are part of the key.
///
/// Provider glossaries and inline terms are not separate fields: they are derived from the glossary,
/// which ``glossaryVersion`` already identifies.
public struct TranslationCacheKey: Sendable, Hashable, CustomStringConvertible {
    /// The backend's ``TranslationBackend/identity``: its name and model or API version.
    public let backend: String
    /// The language of ``protectedText``.
    public let source: LanguageTag
    /// The language asked for.
    public let target: LanguageTag
    /// The version of the glossary applied; nil when none was.
    public let glossaryVersion: GlossaryVersion?
    /// The protection scheme and its version, e.g. `placeholders-v1`: how terms, links and numbers
    /// were masked before the text went to the backend.
    public let protection: String
    /// The formality asked of the backend; nil for its default.
    public let formality: TranslationOptions.Formality?
    /// The masked text sent to the backend, in NFC.
    public let protectedText: String

    /// Creates a key.
    /// - Parameters:
    ///   - backend: the backend's ``TranslationBackend/identity``.
    ///   - source: the language of the text.
    ///   - target: the language asked for.
    ///   - glossaryVersion: the version of the glossary applied; nil when none was.
    ///   - protection: the protection scheme and its version.
    ///   - formality: the formality asked of the backend; nil for its default.
    ///   - protectedText: the masked text sent to the backend.
    public init(
        backend: String, source: LanguageTag, target: LanguageTag, glossaryVersion: GlossaryVersion?,
        protection: String, formality: TranslationOptions.Formality? = nil, protectedText: String
    ) {
        self.backend = Self.nfc(backend)
        self.source = source
        self.target = target
        self.glossaryVersion = glossaryVersion
        self.protection = Self.nfc(protection)
        self.formality = formality
        self.protectedText = Self.nfc(protectedText)
    }

    /// Creates a key for a backend's translation of a protected text.
    /// - Parameters:
    ///   - backend: the backend; its ``TranslationBackend/identity`` is used.
    ///   - pair: the direction.
    ///   - glossaryVersion: the version of the glossary applied; nil when none was.
    ///   - protection: the protection scheme and its version.
    ///   - formality: the formality asked of the backend; nil for its default.
    ///   - protectedText: the masked text sent to the backend.
    public init(
        backend: some TranslationBackend, pair: LanguagePair, glossaryVersion: GlossaryVersion?,
        protection: String, formality: TranslationOptions.Formality? = nil, protectedText: String
    ) {
        self.init(
            backend: backend.identity, source: pair.source, target: pair.target, glossaryVersion: glossaryVersion,
            protection: protection, formality: formality, protectedText: protectedText
        )
    }

    /// The direction.
    public var pair: LanguagePair { LanguagePair(source, target) }

    /// The same question about another protected text, e.g. one sentence of this key's text.
    /// - Parameters:
    ///   - protectedText: the masked text.
    public func with(protectedText: String) -> TranslationCacheKey {
        TranslationCacheKey(
            backend: backend, source: source, target: target, glossaryVersion: glossaryVersion, protection: protection,
            formality: formality, protectedText: protectedText)
    }

    /// A stable name for persistent stores: `v1:` and the SHA-256, in lowercase hex, of an
    /// unambiguous encoding of every field. It never changes between runs, processes or releases
    /// of the same format version.
    public var digest: String {
        "v1:" + Self.sha256(canonicalEncoding).map { Self.hexDigits[Int($0)] }.joined()
    }

    /// The UTF-8 bytes of the key's text fields, as counted against a memory budget.
    public var byteCount: Int {
        backend.utf8.count + source.identifier.utf8.count + target.identifier.utf8.count
            + (glossaryVersion?.identifier.utf8.count ?? 0) + protection.utf8.count
            + (formality?.rawValue.utf8.count ?? 0) + protectedText.utf8.count
    }

    /// `deepl@v2 es→en glossary=sha256:… protection=placeholders-v1 "…"`, shortened.
    public var description: String {
        let text = protectedText.count > 40 ? protectedText.prefix(40) + "…" : Substring(protectedText)
        return "\(backend) \(pair) glossary=\(glossaryVersion?.identifier ?? "none") protection=\(protection)"
            + (formality.map { " formality=\($0.rawValue)" } ?? "") + " \"\(text)\""
    }

    /// Each field in order, as its UTF-8 byte count, `:` and its bytes; an absent optional is `~`.
    /// Length prefixes make the encoding unambiguous whatever the texts contain.
    var canonicalEncoding: [UInt8] {
        var bytes = Array("parley.translation-cache-key.v1\n".utf8)
        func field(_ value: String?) {
            guard let value else {
                bytes.append(UInt8(ascii: "~"))
                return
            }
            let utf8 = Array(Self.nfc(value).utf8)
            bytes += Array(String(utf8.count).utf8)
            bytes.append(UInt8(ascii: ":"))
            bytes += utf8
        }
        field(backend)
        field(source.identifier)
        field(target.identifier)
        field(glossaryVersion?.identifier)
        field(protection)
        field(formality?.rawValue)
        field(protectedText)
        return bytes
    }

    private static func nfc(_ text: String) -> String {
        text.utf8.allSatisfy { $0 < 0x80 } ? text : ICU.nfc(text)
    }

    private static let hexDigits: [String] = (0..<256).map { byte in
        let digits = Array("0123456789abcdef")
        return String([digits[byte >> 4], digits[byte & 0xf]])
    }
}

// MARK: - SHA-256

extension TranslationCacheKey {
    /// SHA-256 of a message (swift-crypto).
    /// - Parameters:
    ///   - message: the bytes to hash.
    package static func sha256(_ message: [UInt8]) -> [UInt8] {
        Array(SHA256.hash(data: message))
    }
}
