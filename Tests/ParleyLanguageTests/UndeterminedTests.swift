import Testing

@testable import ParleyLanguage

/// Text with no language in it is `und`, whatever the hint.
@Suite struct UndeterminedTests {
    @Test(arguments: [
        "", "   ", "👍", "👍🏽🙏", "12345", "+1 (555) 123-4567", "$49.99", "https://example.com/booking?id=42",
        "www.parley.example", "joe@example.com", "{{first_name}}", "?!", "10:30", "k",
    ])
    func noLetters(text: String) throws {
        let detector = try DetectorFixture.detector()
        let guess = detector.detect(text, hint: DetectionHint(threadLanguages: [DetectorFixture.tag("es")]))
        #expect(guess.language == .und)
        #expect(guess.confidence >= 0.9)
    }

    @Test(arguments: ["ok", "OK!", "okay 👍", "lol", "jajaja", "hahaha", "kkkkk", "Ok ok"])
    func neutralWords(text: String) throws {
        let guess = try DetectorFixture.detector().detect(text)
        #expect(guess.language == .und)
        #expect(guess.method == .neutralWords)
    }

    @Test func linksAndNumbersDoNotHideTheLanguage() throws {
        let guess = try DetectorFixture.detector().detect(
            "Gracias! Aquí está el enlace https://example.com/pago y mi número 555-123-4567")
        #expect(guess.language.identifier == "es")
    }

    @Test func oneHanCharacterIsEnough() throws {
        #expect(try DetectorFixture.detector().detect("好").language.language == "zh")
    }
}
