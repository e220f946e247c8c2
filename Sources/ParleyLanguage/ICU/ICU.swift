internal import CICU
import Foundation

/// Swift access to the system ICU (through the `CICU` C facade, which keeps ICU's own types out of
/// Swift so that Foundation's bundled ICU never clashes with it).
///
/// Every function takes and returns Swift strings; UTF-16 buffers and ICU error codes stay inside.
public enum ICU {
    /// The version of the system ICU library, e.g. `72.1`.
    public static var version: String {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 32) { buffer in
            _ = parley_icu_version(buffer.baseAddress, Int32(buffer.count))
            return String(cString: buffer.baseAddress!)
        }
    }

    /// Unicode NFKC case folding (`NFKC_Casefold`): compatibility forms, case and default-ignorable
    /// characters folded away, as used for matching text regardless of case and width.
    public static func nfkcCaseFolded(_ text: String) -> String {
        normalize(text, with: parley_icu_nfkc_casefold)
    }

    /// NFKC case folding of UTF-16 code units.
    static func nfkcCaseFolded(utf16 units: [UInt16]) -> [UInt16] {
        normalize(units, with: parley_icu_nfkc_casefold) ?? units
    }

    /// Unicode NFC normalization.
    public static func nfc(_ text: String) -> String {
        normalize(text, with: parley_icu_nfc)
    }

    /// Folds a text for accent-insensitive matching: NFKC case folding, then the combining marks of
    /// alphabets removed after canonical decomposition (`Élan` → `elan`, `Tiếng` → `tieng`).
    public static func accentFolded(_ text: String) -> String {
        let folded = normalize(Array(text.utf16), with: parley_icu_nfkc_casefold) ?? Array(text.utf16)
        guard folded.contains(where: { $0 >= 0x80 }) else { return String(decoding: folded, as: UTF16.self) }
        let decomposed = normalize(folded, with: parley_icu_nfd) ?? folded
        // Marks are dropped only where they are optional accents or vowel points (Latin, Greek,
        // Cyrillic, Arabic, Hebrew); in Indic scripts they are letters of the word.
        var scalars = String.UnicodeScalarView()
        var baseTakesAccents = false
        for scalar in String(decoding: decomposed, as: UTF16.self).unicodeScalars {
            if scalar.properties.generalCategory == .nonspacingMark {
                if !baseTakesAccents { scalars.append(scalar) }
                continue
            }
            switch Script(of: scalar) {
            case .latin, .greek, .cyrillic, .arabic, .hebrew: baseTakesAccents = true
            default: baseTakesAccents = false
            }
            scalars.append(scalar)
        }
        return nfc(String(scalars))
    }

    /// The ICU script code of a scalar (`UScriptCode`).
    static func scriptCode(of scalar: Unicode.Scalar) -> Int32 {
        parley_icu_script(scalar.value)
    }

    /// The ISO 15924 short name of an ICU script code (`Latn`), or nil.
    static func scriptShortName(_ code: Int32) -> String? {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 16) { buffer in
            let length = parley_icu_script_short_name(code, buffer.baseAddress, Int32(buffer.count))
            return length > 0 ? String(cString: buffer.baseAddress!) : nil
        }
    }

    /// The number of ICU script codes.
    static var scriptCodeCount: Int32 { parley_icu_script_count() }

    /// Applies an ICU transliterator (e.g. `Hant-Hans`) to a text; nil when ICU has no such transliterator.
    public static func transliterate(_ text: String, transform identifier: String) -> String? {
        var units = Array(text.utf16)
        var capacity = max(16, units.count * 2)
        while true {
            var buffer = units + [UInt16](repeating: 0, count: capacity - units.count)
            var error: Int32 = 0
            let length = identifier.withCString { id in
                buffer.withUnsafeMutableBufferPointer {
                    parley_icu_transliterate(id, $0.baseAddress, Int32(units.count), Int32($0.count), &error)
                }
            }
            if error == PARLEY_ICU_BUFFER_OVERFLOW, capacity < Int(Int32.max / 2) {
                capacity = max(capacity * 2, Int(length) + 1)
                units = Array(text.utf16)
                continue
            }
            guard error <= 0 else { return nil }
            return String(decoding: buffer[..<Int(length)], as: UTF16.self)
        }
    }

    /// A canonical BCP 47 tag (`ES_mx` → `es-MX`), or nil when the text is not a language tag.
    public static func canonicalLanguageTag(_ tag: String) -> String? {
        languageTag(tag, with: parley_icu_canonical_tag)
    }

    /// A BCP 47 tag with its likely subtags added (`zh-TW` → `zh-Hant-TW`), or nil when the text is
    /// not a language tag.
    public static func maximizedLanguageTag(_ tag: String) -> String? {
        languageTag(tag, with: parley_icu_maximize_tag)
    }

    // MARK: - Helpers

    private typealias Normalizer = (
        UnsafePointer<UInt16>?, Int32, UnsafeMutablePointer<UInt16>?, Int32, UnsafeMutablePointer<Int32>?
    ) -> Int32

    private static func normalize(_ text: String, with normalizer: Normalizer) -> String {
        // Normalization only fails on invalid arguments; Swift strings are always valid UTF-16.
        guard let units = normalize(Array(text.utf16), with: normalizer) else { return text }
        return String(decoding: units, as: UTF16.self)
    }

    private static func normalize(_ source: [UInt16], with normalizer: Normalizer) -> [UInt16]? {
        if source.isEmpty { return [] }
        var capacity = source.count + source.count / 2 + 8
        while true {
            var error: Int32 = 0
            var destination = [UInt16](repeating: 0, count: capacity)
            let length = source.withUnsafeBufferPointer { src in
                destination.withUnsafeMutableBufferPointer { dst in
                    normalizer(src.baseAddress, Int32(src.count), dst.baseAddress, Int32(dst.count), &error)
                }
            }
            if error == PARLEY_ICU_BUFFER_OVERFLOW {
                capacity = Int(length) + 1
                continue
            }
            guard error <= 0 else { return nil }
            destination.removeSubrange(Int(length)...)
            return destination
        }
    }

    private typealias TagFunction = (
        UnsafePointer<CChar>?, UnsafeMutablePointer<CChar>?, Int32, UnsafeMutablePointer<Int32>?
    ) -> Int32

    private static func languageTag(_ tag: String, with function: TagFunction) -> String? {
        // POSIX-style locale ids (`pt_BR`) are common in the wild: read them as BCP 47.
        let trimmed = tag.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: "-")
        guard !trimmed.isEmpty, trimmed.utf8.count < 100,
              trimmed.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 32 })
        else { return nil }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: 160) { buffer in
            var error: Int32 = 0
            let length = trimmed.withCString { function($0, buffer.baseAddress, Int32(buffer.count), &error) }
            guard error <= 0, length > 0, length < Int32(buffer.count) else { return nil }
            let result = String(cString: buffer.baseAddress!)
            return result == "und" && !trimmed.lowercased().hasPrefix("und") ? nil : result
        }
    }
}
