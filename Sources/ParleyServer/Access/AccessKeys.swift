internal import ParleyMessaging
internal import Crypto
internal import Foundation
public import ParleyTranslation

/// The API keys the service accepts, each with the role it grants. Keys are compared by SHA-256
/// digest in constant time and never logged.
///
/// From the environment: `PARLEY_API_KEYS` (or `PARLEY_API_KEYS_FILE`), comma-separated entries
/// `core=KEY`, `rep:REP_EMAIL=KEY`, `admin:ADMIN_EMAIL=KEY`.
public struct AccessKeys: Sendable {
    /// What a key grants.
    public enum Grant: Sendable, Hashable {
        case core
        /// A rep or admin, by email (resolved to the person in the store).
        case person(email: String)
    }

    private var grants: [(digest: [UInt8], grant: Grant)] = []

    /// No keys: only open routes (`/healthz`, `/openapi.yaml`, signed webhooks) answer.
    public init() {}

    /// - Parameters:
    ///   - keys: each key and what it grants.
    public init(_ keys: [(key: Secret, grant: Grant)]) {
        grants = keys.map { (Self.digest($0.key.value), $0.grant) }
    }

    /// Parses `core=KEY,rep:dana@example.com=KEY2,admin:ana@example.com=KEY3`.
    /// - Parameters:
    ///   - text: the entries.
    /// - Throws: an error naming the malformed entry (without its key).
    public init(parsing text: String) throws(AccessKeysError) {
        var keys: [(key: Secret, grant: Grant)] = []
        for (index, entry) in text.split(separator: ",").enumerated() {
            let parts = entry.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, parts[1].count >= 16 else {
                throw AccessKeysError("entry \(index + 1) of PARLEY_API_KEYS is not ROLE=KEY with a key of at least 16 characters")
            }
            let role = parts[0]
            if role == "core" {
                keys.append((Secret(parts[1]), .core))
            } else if role.hasPrefix("rep:") || role.hasPrefix("admin:"), let email = role.split(separator: ":", maxSplits: 1).last,
                email.contains("@")
            {
                keys.append((Secret(parts[1]), .person(email: String(email).lowercased())))
            } else {
                throw AccessKeysError("entry \(index + 1) of PARLEY_API_KEYS has role '\(role)'; use core, rep:EMAIL or admin:EMAIL")
            }
        }
        self.init(keys)
    }

    /// Whether there are no keys at all.
    public var isEmpty: Bool { grants.isEmpty }

    /// What a presented key grants; nil for an unknown key.
    /// - Parameters:
    ///   - key: the key from the `Authorization: Bearer` header.
    public func grant(for key: String) -> Grant? {
        let presented = Self.digest(key)
        var found: Grant?
        for entry in grants where Self.constantTimeEqual(entry.digest, presented) { found = entry.grant }
        return found
    }

    private static func digest(_ key: String) -> [UInt8] { Array(SHA256.hash(data: Array(key.utf8))) }

    private static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}

/// A malformed `PARLEY_API_KEYS`.
public struct AccessKeysError: Error, Sendable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
