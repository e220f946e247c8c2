import Testing

@testable import ParleyLanguage

/// Languages that share the Latin script, in the way SMS writes them.
@Suite struct LatinDetectionTests {
    @Test(arguments: [
        ("Hola, necesito servicio esta semana", "es"),
        ("Hi, can someone come look at my AC tomorrow?", "en"),
        ("Olá, preciso de um orçamento para amanhã", "pt"),
        ("Bonjour, pouvez-vous passer demain matin ?", "fr"),
        ("Hallo, können Sie morgen vorbeikommen?", "de"),
        ("Ciao, potete venire domani mattina?", "it"),
        ("Dzień dobry, czy możecie przyjechać jutro?", "pl"),
        ("Xin chào, ngày mai anh có thể đến không?", "vi"),
        ("Magandang araw po, puwede po ba kayong pumunta bukas?", "tl"),
        ("Bonjou, mwen bezwen yon moun vin ranje pòt la demen", "ht"),
        ("Waan ku mahadsanahay, berri ma iman kartaa?", "so"),
    ])
    func detectsSentence(text: String, expected: String) throws {
        let guess = try DetectorFixture.detector().detect(text)
        #expect(guess.language.identifier == expected)
        #expect(guess.method == .model)
        #expect(guess.confidence > 0.5)
        #expect(guess.runnerUp != nil)
        #expect(guess.runnerUp?.language != guess.language)
    }

    @Test(arguments: [
        ("necesito que vengan manana, el aire no enfria", "es"),
        ("nao consigo ligar o ar condicionado", "pt"),
        ("toi can sua may lanh vao ngay mai", "vi"),
    ])
    func accentsMissing(text: String, expected: String) throws {
        #expect(try DetectorFixture.detector().detect(text).language.identifier == expected)
    }

    @Test func candidatesRestrictTheChoice() throws {
        let detector = try DetectorFixture.detector(["en", "es"])
        let guess = detector.detect("Obrigado pela ajuda")
        #expect(["en", "es"].contains(guess.language.identifier))
        #expect(detector.candidates.map(\.tag.identifier) == ["en", "es"])
    }

    @Test func unsupportedCandidateIsAClearError() {
        #expect {
            try DetectorFixture.detector(["es", "xx"])
        } throws: { error in
            (error as? LanguageDetectionError)?.message.contains("'xx' is not a supported language") == true
        }
    }

    @Test func candidateTagsAreMatchedToSupportedLanguages() throws {
        let detector = try LanguageDetector(candidates: ["es-MX", "zh-TW", "fil"].compactMap(LanguageTag.init))
        #expect(detector.candidates.map(\.tag.identifier) == ["es", "zh-Hant", "tl"])
    }
}
