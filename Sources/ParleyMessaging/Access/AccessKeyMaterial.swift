internal import ParleyTranslation

/// What an API key is made of: 32 random bytes, base64url, after `pk_`; stored only as its
/// SHA-256, with its last 4 characters as a hint.
public enum AccessKeyMaterial {
    /// What every key the app issues starts with.
    public static let prefix = "pk_"

    /// A new key: `pk_` and 32 random bytes from the system's secure generator, base64url (46 characters).
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return prefix + base64URL(bytes)
    }

    /// The SHA-256 of a key, as lowercase hex: what the store keeps and looks keys up by.
    /// - Parameters:
    ///   - key: the key as presented.
    public static func digest(_ key: String) -> String {
        TranslationCacheKey.sha256(Array(key.utf8)).map { hexDigits[Int($0 >> 4)] + hexDigits[Int($0 & 0x0f)] }.joined()
    }

    /// The key's last 4 characters, shown to tell keys apart.
    /// - Parameters:
    ///   - key: the key.
    public static func hint(_ key: String) -> String { String(key.suffix(4)) }

    private static let hexDigits = (0..<16).map { String($0, radix: 16) }

    private static func base64URL(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        var output = ""
        var index = 0
        while index < bytes.count {
            let chunk = bytes[index..<min(index + 3, bytes.count)]
            var value: UInt32 = 0
            for (offset, byte) in chunk.enumerated() { value |= UInt32(byte) << (16 - 8 * UInt32(offset)) }
            for position in 0...chunk.count { output.append(alphabet[Int((value >> (18 - 6 * UInt32(position))) & 0x3f)]) }
            index += 3
        }
        return output
    }
}
