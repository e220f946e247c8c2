internal import Crypto
internal import Foundation

/// A glossary's version: the SHA-256 of its canonical TBX serialization, so equal content always
/// has an equal version and any change gives a new one.
public struct GlossaryVersion: Sendable, Hashable, Codable, CustomStringConvertible {
    /// `sha256:` and the first 16 hex digits of the hash.
    public let identifier: String

    init(of glossary: Glossary) {
        let bytes = Array(TBXWriter().write(glossary).utf8)
        let digest = SHA256.hash(data: bytes)
        identifier = "sha256:" + digest.prefix(8).map { String(format: "%02x", $0) }.joined()
    }

    /// A version read back from a change log or cache key.
    public init(identifier: String) { self.identifier = identifier }

    public var description: String { identifier }

    public init(from decoder: any Decoder) throws {
        identifier = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(identifier)
    }
}
