import Foundation
import ParleyThreads
import Testing

@Suite struct PhoneNumberTests {
    @Test(arguments: [
        ("+1 (410) 555-0123", "1", "+14105550123"),
        ("+52 55 1234 5678", "1", "+525512345678"),
        ("4105550123", "1", "+14105550123"),
        ("1-410-555-0123", "1", "+14105550123"),
        ("410.555.0123", "1", "+14105550123"),
        (" (410) 555 0123\n", "1", "+14105550123"),
        ("0044 20 7946 0958", "1", "+442079460958"),
        ("020 7946 0958", "44", "+442079460958"),
        ("55 1234 5678", "52", "+525512345678"),
        ("+33 6 12 34 56 78", "52", "+33612345678"),
        ("+14105550123", "44", "+14105550123"),
    ])
    func normalizesToE164(input: String, countryCode: String, expected: String) throws {
        let number = try PhoneNumber(parsing: input, defaultCountryCode: countryCode)
        #expect(number.e164 == expected)
        #expect(number.description == expected)
        #expect(number.digits == expected.dropFirst())
    }

    @Test func theDefaultCountryCodeIsOne() throws {
        #expect(try PhoneNumber(parsing: "(212) 555-0199") == PhoneNumber(parsing: "+1 212 555 0199"))
    }

    @Test(arguments: [
        ("", PhoneNumberError.Code.empty),
        ("  ", .empty),
        ("()-", .empty),
        ("call me", .invalidCharacter),
        ("410-555-0123 ext 5", .invalidCharacter),
        ("+1 410 555 0123 +", .invalidCharacter),
        ("４１０５５５０１２３", .invalidCharacter),  // full-width digits are not ASCII digits
        ("+0 123 456 789", .invalidCountryCode),
        ("+4412", .wrongLength),
        ("+1234567890123456", .wrongLength),
        ("555-0123", .wrongLength),  // 7 digits: no area code
        ("+1 410 555 01234", .wrongLength),
        ("+1 (110) 555-0123", .wrongLength),  // area codes start with 2–9
        ("410 155 0123", .wrongLength),  // so do exchanges
    ])
    func rejectsWhatIsNotANumber(input: String, code: PhoneNumberError.Code) {
        let error = #expect(throws: PhoneNumberError.self) { try PhoneNumber(parsing: input) }
        #expect(error?.code == code)
        #expect(error?.message.isEmpty == false)
    }

    @Test func errorsQuoteTheInputAndSayWhatToDo() throws {
        let error = try #require(throws: PhoneNumberError.self) { try PhoneNumber(parsing: "+4412") }
        #expect(error.message.contains("'+4412'"))
        #expect(error.message.contains("8 to 15"))
        let letter = try #require(throws: PhoneNumberError.self) { try PhoneNumber(parsing: "41O-555-0123") }
        #expect(letter.message.contains("'O'"))
    }

    @Test func rejectsABadDefaultCountryCode() {
        for code in ["0", "1234", "", "+1", "x"] {
            let error = #expect(throws: PhoneNumberError.self) {
                try PhoneNumber(parsing: "4105550123", defaultCountryCode: code)
            }
            #expect(error?.code == .invalidCountryCode, "default country code '\(code)'")
        }
    }

    @Test func codesAsAnE164String() throws {
        let number = try PhoneNumber(parsing: "+52 55 1234 5678")
        let data = try JSONEncoder().encode([number])
        #expect(String(decoding: data, as: UTF8.self) == #"["+525512345678"]"#)
        #expect(try JSONDecoder().decode([PhoneNumber].self, from: data) == [number])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([PhoneNumber].self, from: Data(#"["not a number"]"#.utf8))
        }
    }
}
