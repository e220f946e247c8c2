/// Languages grouped by the script family their text is written in; detection first picks the
/// group whose letters dominate, then a language within it.
enum ScriptGroup: Hashable, CaseIterable {
    case latin, cyrillic, arabic, han, japanese, hangul, devanagari, ethiopic, other

    /// The group a script's letters count for; Han counts for `japanese` when the text has kana.
    init(_ script: Script, textHasKana: Bool) {
        switch script {
        case .latin: self = .latin
        case .cyrillic: self = .cyrillic
        case .arabic: self = .arabic
        case .han: self = textHasKana ? .japanese : .han
        case .hiragana, .katakana: self = .japanese
        case .hangul: self = .hangul
        case .devanagari: self = .devanagari
        case .ethiopic: self = .ethiopic
        default: self = .other
        }
    }

    /// How much one letter of the script weighs: a Han, kana or Hangul character carries about as
    /// much as a short word in an alphabet.
    static func letterWeight(_ script: Script) -> Int {
        switch script {
        case .han, .hiragana, .katakana, .hangul: 3
        default: 1
        }
    }

    /// The groups a supported language is found in.
    static func groups(of language: SupportedLanguage) -> Set<ScriptGroup> {
        if language.tag.identifier == "ja" { return [.japanese, .han] }
        return Set(language.scripts.map { ScriptGroup($0, textHasKana: false) })
    }
}
