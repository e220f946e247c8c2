/// How a backend tells the pipeline which words it did not know, inside its answer: each such word
/// between two U+2063 INVISIBLE SEPARATOR characters. APy marks them with `*` (`markUnknown=yes`);
/// ``ApertiumBackend`` turns its marks into these, which no message can contain (intake removes
/// invisible characters), and the pipeline reads and removes them before restoring the spans.
///
/// The cache keeps the answer as the backend gave it, marks included, so a cached translation
/// raises the same doubts.
public enum UnknownWordMarks {
    /// The mark around a word the backend did not know.
    public static let mark: Character = "\u{2063}"

    /// A word marked as unknown.
    public static func marked(_ word: some StringProtocol) -> String { "\(mark)\(word)\(mark)" }

    /// The answer without marks, and the words that were marked, in order, once each.
    public static func read(_ answer: String) -> (text: String, unknown: [String]) {
        guard answer.contains(mark) else { return (answer, []) }
        var text = ""
        text.reserveCapacity(answer.utf8.count)
        var unknown: [String] = []
        var word: String?
        for character in answer {
            if character == mark {
                if let open = word {
                    if !open.isEmpty, !unknown.contains(open) { unknown.append(open) }
                    text += open
                    word = nil
                } else {
                    word = ""
                }
            } else if word != nil {
                word!.append(character)
            } else {
                text.append(character)
            }
        }
        if let open = word { text += open }  // an unpaired mark is dropped
        return (text, unknown)
    }
}
