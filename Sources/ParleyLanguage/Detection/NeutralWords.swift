/// Words that say nothing about a language: acknowledgements, laughter and interjections that SMS
/// writers use in every language ("ok", "lol", "jaja", "kkk", "hmm").
///
/// Checked for every word of every message, so words are compared as packed ASCII, not strings.
enum NeutralWords {
    private static let words: Set<UInt64> = Set([
        "ok", "okay", "okey", "oki", "okie", "okk", "k", "kk", "lol", "lmao", "omg", "xd", "xo", "xoxo",
        "hmm", "hm", "mm", "mmm", "wow", "ups", "oops", "brb", "pls", "plz", "thx",
    ].compactMap { pack(Array($0.unicodeScalars.map(\.value))) })

    /// Two-letter syllables that, repeated, are laughter: "haha", "jaja", "hehe", "rsrs", "kaka".
    private static let laughs: Set<UInt64> = Set(
        ["ha", "ah", "he", "eh", "hi", "ja", "je", "ji", "rs", "ka", "ke", "xa", "ko"]
            .compactMap { pack(Array($0.unicodeScalars.map(\.value))) })

    static func contains(_ scalars: ArraySlice<UInt32>) -> Bool {
        if isLaughter(scalars) { return true }
        guard let key = pack(scalars) else { return false }
        return words.contains(key)
    }

    /// "haha", "jajaja", "hehe", "kkkk", "rsrs": a letter or a two-letter syllable repeated.
    private static func isLaughter(_ scalars: ArraySlice<UInt32>) -> Bool {
        guard scalars.count >= 3 else { return false }
        let first = scalars.startIndex
        if scalars.allSatisfy({ $0 == scalars[first] }) { return true }
        guard scalars.count >= 4 else { return false }
        for index in (first + 2)..<scalars.endIndex where scalars[index] != scalars[index - 2] { return false }
        return pack(scalars.prefix(2)).map(laughs.contains) ?? false
    }

    /// Up to eight ASCII letters packed into an integer; nil for longer or non-ASCII words.
    private static func pack(_ scalars: some Collection<UInt32>) -> UInt64? {
        guard scalars.count <= 8 else { return nil }
        var key: UInt64 = 0
        for scalar in scalars {
            guard scalar < 0x80 else { return nil }
            key = key << 8 | UInt64(scalar)
        }
        return key
    }
}
