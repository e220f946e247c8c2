import Testing

@testable import ParleyLanguage

/// Tags canonicalized once are given again without ICU, and the memo stays bounded.
@Suite struct CanonicalTagMemoTests {
    @Test func givesWhatICUGivesAndAsksItOncePerText() {
        let memo = CanonicalTagMemo(capacity: 8)
        var calls = 0
        func canonical(_ text: String) -> String? {
            memo.canonical(text) { text in
                calls += 1
                return ICU.canonicalLanguageTag(text)
            }
        }
        #expect(canonical("ES_mx") == "es-MX")
        #expect(canonical("ES_mx") == "es-MX")
        #expect(canonical("not a tag!") == nil)
        #expect(canonical("not a tag!") == nil)
        #expect(calls == 2)
        #expect(LanguageTag("ES_mx")?.identifier == "es-MX")
        #expect(LanguageTag("not a tag!") == nil)
    }

    @Test func holdsNoMoreThanItsCapacity() {
        let memo = CanonicalTagMemo(capacity: 8)
        for index in 0..<100 {
            _ = memo.canonical("x-\(index)") { $0 }
            #expect(memo.count <= 8)
        }
    }
}
