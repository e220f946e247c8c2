import ParleyLanguage
import Testing

/// The supported languages' tags as static members, so a literal tag needs no force unwrap.
@Suite struct LanguageTagMembersTests {
    @Test func eachMemberIsTheCanonicalTagOfASupportedLanguage() {
        let members: [LanguageTag] = [
            .english, .spanish, .chineseSimplified, .chineseTraditional, .vietnamese, .tagalog, .korean, .arabic, .russian,
            .haitianCreole, .portuguese, .french, .german, .italian, .japanese, .hindi, .polish, .ukrainian, .persian, .somali,
            .amharic,
        ]
        #expect(members == SupportedLanguage.all.map(\.tag))
        #expect(members.allSatisfy { LanguageTag($0.identifier) == $0 })
    }
}
