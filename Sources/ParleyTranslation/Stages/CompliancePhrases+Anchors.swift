extension CompliancePhrases {
    /// A word that a phrase rule cannot match without (see `Compiler.anchors(of:)`), possibly with
    /// more letters where its phrase has a `*`.
    struct Anchor: Hashable, Sendable {
        /// Where the anchor's letters sit in a word of the message.
        enum Position: Hashable, Sendable {
            case whole, start, end, inside
        }

        var word: String
        var position: Position

        /// The anchor of a grammar phrase (`stop`, `messag*`, `*spam*`, `do_not` read as `do not`);
        /// nil for a phrase with no letters, which the compiled expression leaves out too.
        init?(phrase: String) {
            let leading = phrase.hasPrefix("*")
            let trailing = phrase.hasSuffix("*") && phrase.count > 1
            var core = Substring(phrase)
            while core.hasPrefix("*") { core = core.dropFirst() }
            while core.hasSuffix("*") { core = core.dropLast() }
            let folded = CompliancePhrases.normalized(String(core))
            guard let first = folded.split(separator: " ").first else { return nil }
            // A trailing `*` extends the phrase's last word: the first word's end is free only when
            // it is also the last.
            let open = trailing && !folded.contains(" ")
            word = String(first)
            position = switch (leading, open) {
            case (false, false): .whole
            case (false, true): .start
            case (true, false): .end
            case (true, true): .inside
            }
        }

        /// Whether `candidate`, a word of the folded message, can be this anchor's word.
        func fits(_ candidate: Substring) -> Bool {
            switch position {
            case .whole: candidate == word
            case .start: candidate.hasPrefix(word)
            case .end: candidate.hasSuffix(word)
            case .inside: candidate.contains(word)
            }
        }
    }

    /// The rules a message's words leave possible, so that the others' expressions are not run:
    /// most messages hold none of the words that start a request to stop.
    ///
    /// Words are compared as UTF-8 bytes. The message and the anchors are folded the same way, so
    /// equal words have equal bytes; a byte prefix, suffix or substring may cut a letter from its
    /// accent, which can only let a rule run, never skip one.
    struct AnchorIndex: Sendable {
        private let ruleCount: Int
        /// Whole words, and the rules each one makes possible.
        private let whole: [String: [Int]]
        /// Anchors with a `*`, as bytes, with their rule.
        private let partial: [(bytes: [UInt8], position: Anchor.Position, rule: Int)]
        /// Rules that are always run (no anchor known).
        private let unanchored: [Int]

        /// - Parameter anchors: each rule's anchors, in rule order; nil for a rule to run always.
        init(_ anchors: [[Anchor]?]) {
            var whole: [String: [Int]] = [:]
            var partial: [(bytes: [UInt8], position: Anchor.Position, rule: Int)] = []
            var unanchored: [Int] = []
            for (rule, list) in anchors.enumerated() {
                guard let list else {
                    unanchored.append(rule)
                    continue
                }
                for anchor in Set(list) {
                    if anchor.position == .whole {
                        whole[anchor.word, default: []].append(rule)
                    } else {
                        partial.append((Array(anchor.word.utf8), anchor.position, rule))
                    }
                }
            }
            self.ruleCount = anchors.count
            self.whole = whole
            self.partial = partial
            self.unanchored = unanchored
        }

        /// One flag per rule: true when the rule may match `folded` (the message as
        /// ``CompliancePhrases/normalized(_:)`` folds it, words separated by single spaces).
        func candidates(_ folded: String) -> [Bool] {
            var flags = [Bool](repeating: false, count: ruleCount)
            for rule in unanchored { flags[rule] = true }
            var folded = folded
            folded.withUTF8 { bytes in
                var start = 0
                while start < bytes.count {
                    var end = start
                    while end < bytes.count, bytes[end] != 0x20 { end += 1 }
                    let word = UnsafeBufferPointer(rebasing: bytes[start..<end])
                    for rule in whole[String(decoding: word, as: UTF8.self)] ?? [] { flags[rule] = true }
                    for anchor in partial where !flags[anchor.rule] && Self.fits(anchor.bytes, anchor.position, in: word) {
                        flags[anchor.rule] = true
                    }
                    start = end + 1
                }
            }
            return flags
        }

        private static func fits(_ anchor: [UInt8], _ position: Anchor.Position, in word: UnsafeBufferPointer<UInt8>) -> Bool {
            guard anchor.count <= word.count else { return false }
            switch position {
            case .whole: return word.elementsEqual(anchor)
            case .start: return word.prefix(anchor.count).elementsEqual(anchor)
            case .end: return word.suffix(anchor.count).elementsEqual(anchor)
            case .inside:
                guard let first = anchor.first else { return true }
                var index = 0
                while index + anchor.count <= word.count {
                    if word[index] == first, word[index..<(index + anchor.count)].elementsEqual(anchor) { return true }
                    index += 1
                }
                return false
            }
        }
    }
}
