/// Words that say nothing about a language: acknowledgements, laughter and interjections that SMS
/// writers use in every language ("ok", "lol", "jaja", "kkk", "hmm").
enum NeutralWords {
    private static let words: Set<String> = [
        "ok", "okay", "okey", "oki", "okie", "okk", "k", "kk", "lol", "lmao", "omg", "xd", "xo", "xoxo",
        "hmm", "hm", "mm", "mmm", "wow", "ups", "oops", "brb", "pls", "plz", "thx",
    ]

    static func contains(_ scalars: [UInt32]) -> Bool {
        let text = String(String.UnicodeScalarView(scalars.compactMap(Unicode.Scalar.init)))
        return words.contains(text) || isLaughter(scalars)
    }

    /// "haha", "jajaja", "hehe", "kkkk", "rsrs", "hihi", "kaka": a syllable repeated.
    private static func isLaughter(_ scalars: [UInt32]) -> Bool {
        guard scalars.count >= 3 else { return false }
        if Set(scalars).count == 1 { return true }
        guard scalars.count >= 4 else { return false }
        let pattern = Array(scalars.prefix(2))
        for (index, scalar) in scalars.enumerated() where scalar != pattern[index % 2] {
            return false
        }
        let laughs: Set<String> = ["ha", "ah", "he", "eh", "hi", "ja", "je", "ji", "rs", "ka", "ke", "xa", "ko"]
        let syllable = String(String.UnicodeScalarView(pattern.compactMap(Unicode.Scalar.init)))
        return laughs.contains(syllable)
    }
}
