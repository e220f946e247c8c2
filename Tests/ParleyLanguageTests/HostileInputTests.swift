import Testing

@testable import ParleyLanguage

/// Empty, huge, control-laden and broken input: a clear result, never a crash.
@Suite struct HostileInputTests {
    @Test func oneMegabyteInputIsJudgedByItsBeginning() throws {
        let sentence = "Necesito que vengan a revisar el aire acondicionado. "
        let text = String(repeating: sentence, count: 1_048_576 / sentence.utf8.count + 1)
        #expect(text.utf8.count > 1_048_576)
        let guess = try DetectorFixture.detector().detect(text)
        #expect(guess.language.identifier == "es")
        #expect(guess.analysedPrefixOnly)
    }

    @Test func controlAndBidiCharactersAreNeutralized() throws {
        let text = "Hola\u{0}\u{7} necesito\u{202E} servicio\u{2066} esta\u{200F} semana\u{1B}[31m"
        let guess = try DetectorFixture.detector().detect(text)
        #expect(guess.language.identifier == "es")
        #expect(!guess.analysedPrefixOnly)
    }

    @Test func onlyControlCharactersIsUndetermined() throws {
        let guess = try DetectorFixture.detector().detect("\u{0}\u{1}\u{202E}\u{2066}\u{FEFF}\r\n\t")
        #expect(guess.language == .und)
        #expect(guess.method == .noLetters)
    }

    @Test func invalidUTF8IsRepairedNotFatal() throws {
        let bytes: [UInt8] = Array("Bonjour, ".utf8) + [0xFF, 0xFE, 0xC3] + Array(" je voudrais un rendez-vous".utf8)
        let text = String(decoding: bytes, as: UTF8.self)
        let guess = try DetectorFixture.detector().detect(text)
        #expect(guess.language.identifier == "fr")
    }

    @Test func confidenceIsAlwaysAProbability() throws {
        let detector = try DetectorFixture.detector()
        for text in ["a", "zzzzzzqqqq xxxv", "Si", "ok gracias", String(repeating: "ñ", count: 5000), "\u{10FFFF}x"] {
            let guess = detector.detect(text)
            #expect((0...1).contains(guess.confidence), "\(text.prefix(20)): \(guess.confidence)")
            if let runnerUp = guess.runnerUp {
                #expect(runnerUp.confidence <= guess.confidence)
            }
        }
    }
}
