import ParleyMessaging
import ParleyThreads
import ParleyTranslation
import Testing

/// ``ConsentRules`` acts on keywords only: a sentence that asks to stop is probable, and a person
/// confirms it.
@Suite struct ConsentRulesTests {
    let rules = ConsentRules()

    @Test func aKeywordOptsOut() {
        #expect(rules.change(for: "STOP", current: nil)?.state == .optedOut)
        #expect(rules.change(for: "alto por favor", current: nil)?.state == .optedOut)
    }

    @Test(arguments: ["please stop texting me", "No me manden más mensajes", "请不要再给我发短信", "you can text me again"])
    func aPhraseChangesNothingByItself(_ text: String) {
        #expect(ComplianceStage().classify(text).isProbable)
        #expect(rules.change(for: text, current: nil) == nil)
    }
}
