import Testing

@testable import ParleyLanguage

/// A script that only one supported language uses decides alone; Han text is told apart.
@Suite struct ScriptDecisionTests {
    @Test(arguments: [
        ("안녕하세요, 내일 방문 가능한가요?", "ko"),
        ("明日の午後に来てもらえますか", "ja"),
        ("カタカナ", "ja"),
        ("ነገ መምጣት ትችላላችሁ?", "am"),
        ("कल सुबह आ सकते हैं?", "hi"),
    ])
    func scriptDecides(text: String, expected: String) throws {
        let guess = try DetectorFixture.detector().detect(text)
        #expect(guess.language.identifier == expected)
        #expect(guess.method == .script)
        #expect(guess.confidence > 0.9)
    }

    @Test func simplifiedAndTraditionalChinese() throws {
        let detector = try DetectorFixture.detector()
        #expect(detector.detect("我们明天来修理空调").language.identifier == "zh-Hans")
        #expect(detector.detect("我們明天來修理冷氣機").language.identifier == "zh-Hant")
    }

    @Test func hanWithKanaIsJapanese() throws {
        let guess = try DetectorFixture.detector().detect("修理の予約をお願いします")
        #expect(guess.language.identifier == "ja")
    }

    @Test func scriptSharedByLanguagesUsesTheModel() throws {
        let detector = try DetectorFixture.detector()
        let russian = detector.detect("Здравствуйте, когда вы сможете приехать?")
        let ukrainian = detector.detect("Добрий день, коли ви зможете приїхати?")
        #expect(russian.language.identifier == "ru")
        #expect(ukrainian.language.identifier == "uk")
        #expect(russian.method == .model)
        #expect(russian.runnerUp?.language.identifier == "uk")
        #expect(detector.detect("سلام، فردا می‌توانید بیایید؟").language.identifier == "fa")
        #expect(detector.detect("مرحبا، هل يمكنكم الحضور غدا؟").language.identifier == "ar")
    }

    @Test func unsupportedScriptIsUndetermined() throws {
        let guess = try DetectorFixture.detector().detect("Καλημέρα, πότε μπορείτε να έρθετε;")
        #expect(guess.language == .und)
        #expect(guess.method == .unsupportedScript)
    }

    @Test func candidatesWithoutTheScriptGiveUndetermined() throws {
        let guess = try DetectorFixture.detector(["es", "en"]).detect("안녕하세요")
        #expect(guess.language == .und)
    }
}
