internal import Foundation

/// A phone number in E.164 form: `+`, a country calling code, and the national number, 8 to 15
/// digits in all (`+14105550123`).
///
/// Parsing accepts the usual ways people write numbers: spaces, dashes, dots, slashes and
/// parentheses are dropped, `00` stands for `+`, and a number without a country code takes the
/// default one.
///
/// ```swift
/// let number = try PhoneNumber(parsing: "(410) 555-0123")  // +14105550123
/// let mexico = try PhoneNumber(parsing: "+52 55 1234 5678")  // +525512345678
/// ```
public struct PhoneNumber: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The number in E.164 form, e.g. `+14105550123`.
    public let e164: String

    /// Parses and normalizes a number as typed or as a provider sent it.
    ///
    /// Throws a ``PhoneNumberError`` that says what is wrong: no digits, a letter or other
    /// character that has no place in a number, too few or too many digits, or (for the North
    /// American plan, code 1) a number that is not 10 digits with an area code starting 2–9.
    /// - Parameters:
    ///   - text: the number, e.g. `+1 (410) 555-0123`, `+52 55 1234 5678`, `4105550123`, `0044 20 7946 0958`.
    ///   - defaultCountryCode: the country calling code, 1 to 3 digits, for a number written without
    ///     one; a single leading trunk `0` is dropped outside code 1 (`020 7946 0958` with `44`).
    public init(parsing text: String, defaultCountryCode: String = "1") throws(PhoneNumberError) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else {
            throw PhoneNumberError(.empty, "The phone number is empty; enter it with its country code, e.g. +14105550123.")
        }
        var digits = ""
        var international = false
        for (offset, character) in trimmed.enumerated() {
            if character.isASCII, let digit = character.wholeNumberValue {
                digits.append(String(digit))
            } else if character == "+", offset == 0 {
                international = true
            } else if Self.separators.contains(character) {
                continue
            } else {
                throw PhoneNumberError(
                    .invalidCharacter,
                    "'\(text)' is not a phone number: '\(character)' has no place in one. Use digits, "
                        + "with an optional leading + and country code, e.g. +1 410 555 0123."
                )
            }
        }
        guard !digits.isEmpty else {
            throw PhoneNumberError(.empty, "'\(text)' has no digits; enter the number with its country code, e.g. +14105550123.")
        }
        if !international, digits.hasPrefix("00") {
            international = true
            digits.removeFirst(2)
        }
        if !international {
            guard Self.isCountryCode(defaultCountryCode) else {
                throw PhoneNumberError(
                    .invalidCountryCode,
                    "'\(defaultCountryCode)' is not a country calling code; give 1 to 3 digits not starting with 0, e.g. 1 or 52."
                )
            }
            if defaultCountryCode == "1" {
                if digits.count == 11, digits.hasPrefix("1") { digits.removeFirst() }
            } else if digits.hasPrefix("0") {
                digits.removeFirst()
            }
            digits = defaultCountryCode + digits
        }
        guard let first = digits.first, first != "0" else {
            throw PhoneNumberError(
                .invalidCountryCode,
                "'\(text)' does not start with a country calling code (none starts with 0); write it as +, the country code, then the number."
            )
        }
        guard (8...15).contains(digits.count) else {
            throw PhoneNumberError(
                .wrongLength,
                "'\(text)' has \(digits.count) digits with its country code; an E.164 number has 8 to 15. "
                    + "Check for a missing or extra digit."
            )
        }
        if first == "1" {
            // The North American Numbering Plan: 10 digits, area code and exchange starting 2–9.
            let national = Array(digits.dropFirst())
            guard national.count == 10, national[0] >= "2", national[3] >= "2" else {
                throw PhoneNumberError(
                    .wrongLength,
                    "'\(text)' is not a North American number (+1): those have 10 digits after the 1, "
                        + "and the area code and exchange start with 2–9."
                )
            }
        }
        e164 = "+" + digits
    }

    /// The digits, country code first, without the `+`.
    public var digits: Substring { e164.dropFirst() }

    public var description: String { e164 }

    public static func < (lhs: PhoneNumber, rhs: PhoneNumber) -> Bool { lhs.e164 < rhs.e164 }

    /// Decodes a number written in E.164 form, normalizing it as ``init(parsing:defaultCountryCode:)`` does.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            try self.init(parsing: text, defaultCountryCode: "1")
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.message)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(e164)
    }

    private static let separators: Set<Character> = [" ", "-", ".", "(", ")", "/", "\u{00A0}", "\t"]

    private static func isCountryCode(_ code: String) -> Bool {
        (1...3).contains(code.count) && code.allSatisfy { $0.isASCII && $0.isNumber } && !code.hasPrefix("0")
    }
}
