import Foundation
import ParleyMessaging
import ParleyThreads
import ParleyTranslation
import Testing

/// ``ConsentRules``: a keyword changes consent at once; a sentence that asks to stop holds sends
/// until a person confirms or dismisses it; a sentence that asks to resume changes nothing.
@Suite struct ConsentRulesTests {
    let rules = ConsentRules()

    @Test func aKeywordOptsOut() {
        #expect(rules.change(for: "STOP", current: nil)?.state == .optedOut)
        #expect(rules.change(for: "alto por favor", current: nil)?.state == .optedOut)
    }

    @Test(arguments: ["please stop texting me", "No me manden más mensajes", "请不要再给我发短信"])
    func aSentenceThatAsksToStopWaitsForARep(_ text: String) throws {
        #expect(ComplianceStage().classify(text).isProbable)
        let change = try #require(rules.change(for: text, current: nil))
        #expect(change.state == .unconfirmedOptOut)
        #expect(change.keyword?.isEmpty == false)
        // Already opted out or waiting: nothing more.
        #expect(rules.change(for: text, current: Consent(state: .optedOut, at: Date())) == nil)
        #expect(rules.change(for: text, current: Consent(state: .unconfirmedOptOut, at: Date())) == nil)
        // A keyword after it settles it.
        #expect(rules.change(for: "STOP", current: Consent(state: .unconfirmedOptOut, at: Date()))?.state == .optedOut)
    }

    @Test func aSentenceThatAsksToResumeChangesNothing() {
        #expect(ComplianceStage().classify("you can text me again").isProbable)
        #expect(rules.change(for: "you can text me again", current: Consent(state: .optedOut, at: Date())) == nil)
        #expect(rules.change(for: "START", current: Consent(state: .optedOut, at: Date()))?.state == .optedIn)
    }
}
