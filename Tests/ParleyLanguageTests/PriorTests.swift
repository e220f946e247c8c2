import Testing

@testable import ParleyLanguage

/// The thread's languages and the contact's preference tilt close calls but not clear ones.
@Suite struct PriorTests {
    let spanishThread = DetectionHint(threadLanguages: ["es", "es", "es"].map(DetectorFixture.tag))

    @Test(arguments: ["Si", "si", "Ok si", "Claro", "No", "Gracias"])
    func shortReplyStaysInTheThreadLanguage(text: String) throws {
        let guess = try DetectorFixture.detector().detect(text, hint: spanishThread)
        #expect(guess.language.identifier == "es")
    }

    @Test func withoutTheHintTheShortReplyIsAmbiguous() throws {
        let detector = try DetectorFixture.detector()
        let plain = detector.detect("Si")
        let hinted = detector.detect("Si", hint: spanishThread)
        // "Si" is a word in several languages: alone it is a close call, and the prior decides it.
        #expect(plain.confidence < 0.9)
        #expect(hinted.language.identifier == "es")
        #expect(hinted.confidence > (plain.language.identifier == "es" ? plain.confidence : 0))
    }

    @Test func clearSwitchOfLanguageWins() throws {
        let detector = try DetectorFixture.detector()
        let english = detector.detect("Sorry, I only speak English. Can you come tomorrow?", hint: spanishThread)
        #expect(english.language.identifier == "en")
        let french = detector.detect(
            "Bonjour, je préfère parler français s'il vous plaît", hint: DetectionHint(preferredLanguage: DetectorFixture.tag("pt")))
        #expect(french.language.identifier == "fr")
    }

    @Test func preferredLanguageTiltsAShortReply() throws {
        let detector = try DetectorFixture.detector()
        let guess = detector.detect("Obrigado", hint: DetectionHint(preferredLanguage: DetectorFixture.tag("pt-BR")))
        #expect(guess.language.identifier == "pt")
    }

    @Test func traditionalChineseThreadKeepsAmbiguousHanTraditional() throws {
        let detector = try DetectorFixture.detector()
        // 你好 is written the same in both scripts.
        let hinted = detector.detect("你好", hint: DetectionHint(threadLanguages: [DetectorFixture.tag("zh-TW")]))
        #expect(hinted.language.identifier == "zh-Hant")
        #expect(detector.detect("你好").language.identifier == "zh-Hans")
    }
}
