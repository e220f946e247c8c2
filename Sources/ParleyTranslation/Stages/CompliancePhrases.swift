internal import ParleyLanguage

/// Recognises sentences that ask to stop (or resume) messages — "please stop texting me",
/// "no me manden más mensajes", "请不要再给我发短信" — in the supported languages, for
/// ``ComplianceStage`` when no keyword rule matched.
///
/// Each language is described by a small grammar (``Grammar``): word classes (stop verbs,
/// messaging words, negations, list words) and a few patterns over them, not a list of sentences.
/// Patterns run on the text as ``ComplianceStage`` folds it (case, width and accents folded,
/// non-letters one space), with Polish `ł` read as `l`, since contacts often type it that way. Languages written with spaces match whole words; Chinese, Japanese
/// and Korean match substrings.
///
/// Precision comes first: a pattern needs both the request (stop, don't, remove, no more) and what
/// it is about (messages, texts, this list, contacting me), so "the leak won't stop", "no para de
/// gotear" or "cancel my appointment" are not flagged, and guards reject what surrounds a look-alike
/// ("don't text me before 8am", "el aire no para de…"). A match is still only *probable*: the
/// result's rule is ``ComplianceResult/Rule/phrase`` and a person confirms it.
struct CompliancePhrases: Sendable {
    /// A phrase found in a message.
    struct Match: Sendable, Hashable {
        var kind: ComplianceResult.Kind
        var language: LanguageTag
        /// The words that matched, as written in the message.
        var words: String
    }

    /// One compiled pattern: positions in ``patterns``.
    private struct Rule: Sendable {
        let regex: Int
        let notAfter: Int?
        let kind: ComplianceResult.Kind
        let language: LanguageTag
        let spaced: Bool
    }

    private let rules: [Rule]
    /// Which rules a message's words leave possible; the others are not run.
    private let anchors: AnchorIndex
    /// Every rule's expressions, compiled by ICU once and run over the message's UTF-16 in place
    /// (`NSRegularExpression` converted the text again for each of the few hundred rules).
    private let patterns: ICUPatterns

    /// - Parameters:
    ///   - grammars: The languages' grammars; by default ``defaultGrammars``.
    ///   - skipsByAnchors: Whether rules whose anchor words are not in a message are skipped (true
    ///     but in the test that proves skipping changes no result).
    init(grammars: [Grammar] = CompliancePhrases.defaultGrammars, skipsByAnchors: Bool = true) {
        let courtesy = ComplianceStage.defaultCourtesyPhrases.map { Self.normalized($0) }.filter { !$0.isEmpty }
        var optOut: [(rule: Rule, anchors: [Anchor]?)] = []
        var optIn: [(rule: Rule, anchors: [Anchor]?)] = []
        var sources: [String] = []
        var origins: [String] = []
        func add(_ source: String, from origin: String) -> Int {
            sources.append(source)
            origins.append(origin)
            return sources.count - 1
        }
        for grammar in grammars {
            guard let tag = SupportedLanguage.all.first(where: { $0.tag.identifier == grammar.language })?.tag else {
                preconditionFailure("\(grammar.language) is not a supported language")
            }
            let compiler = Compiler(classes: grammar.classes, courtesy: courtesy, spaced: grammar.spaced)
            for (kind, patterns) in [(ComplianceResult.Kind.optOut, grammar.optOut), (.optIn, grammar.optIn)] {
                for pattern in patterns {
                    var body = compiler.compile(pattern.template, boundary: true)
                    for guardTemplate in pattern.notFollowedBy {
                        body += "(?!" + compiler.compile(guardTemplate, boundary: grammar.spaced) + ")"
                    }
                    let notAfter = pattern.notAfter.isEmpty
                        ? nil
                        : "(?:" + pattern.notAfter.map { compiler.compile($0, boundary: false) }.joined(separator: "|")
                            + ")$"
                    let origin = "\(grammar.language) pattern \(pattern.template)"
                    let rule = Rule(
                        regex: add(body, from: origin),
                        notAfter: notAfter.map { add($0, from: origin) },
                        kind: kind, language: tag, spaced: grammar.spaced)
                    let anchors = compiler.anchors(of: pattern.template)
                    if kind == .optIn { optIn.append((rule, anchors)) } else { optOut.append((rule, anchors)) }
                }
            }
        }
        // Opt-out first: when a message reads as both, stopping is the safe side.
        self.rules = (optOut + optIn).map(\.rule)
        self.anchors = AnchorIndex((optOut + optIn).map { skipsByAnchors ? $0.anchors : nil })
        do {
            self.patterns = try ICUPatterns(sources)
        } catch {
            preconditionFailure("\(origins[error.index]): \(error)")
        }
    }

    /// The first phrase in `text` that asks for a compliance action; nil when there is none.
    /// - Parameters:
    ///   - text: The message as the contact wrote it.
    func match(_ text: String) -> Match? {
        match(text, folded: ComplianceStage.fold(text))
    }

    /// ``match(_:)`` for a text already folded by ``ComplianceStage/fold(_:)``.
    func match(_ text: String, folded scalars: [Unicode.Scalar]) -> Match? {
        let folded = Self.normalized(folded: scalars)
        guard !folded.isEmpty else { return nil }
        let foldedUnits = Array(folded.utf16)
        let spacedUnits = [0x20] + foldedUnits + [0x20]
        let candidates = anchors.candidates(folded)
        let found: (rule: Rule, lower: Int, upper: Int)? = patterns.withMatcher { matcher in
            spacedUnits.withUnsafeBufferPointer { spaced in
                foldedUnits.withUnsafeBufferPointer { folded in
                    for (index, rule) in rules.enumerated() where candidates[index] {
                        let subject = rule.spaced ? spaced : folded
                        guard let range = matcher.firstMatch(rule.regex, in: subject) else { continue }
                        if let notAfter = rule.notAfter,
                            matcher.firstMatch(notAfter, in: UnsafeBufferPointer(rebasing: subject[..<range.lowerBound])) != nil
                        {
                            continue
                        }
                        return (rule, Self.scalarOffset(range.lowerBound, in: subject), Self.scalarOffset(range.upperBound, in: subject))
                    }
                    return nil
                }
            }
        }
        guard let (rule, foundLower, foundUpper) = found else { return nil }
        var lower = foundLower
        var upper = foundUpper
        if rule.spaced {  // a match starts at the space before its first word; the text has one more in front
            let scalarCount = folded.unicodeScalars.count
            lower = min(lower, scalarCount)
            upper = max(lower, min(scalarCount, upper - 1))
        }
        let words = Self.original(text, folded: folded, from: lower, to: upper)
        return Match(kind: rule.kind, language: rule.language, words: words)
    }

    /// The number of scalars in `units[..<offset]`.
    private static func scalarOffset(_ offset: Int, in units: UnsafeBufferPointer<UInt16>) -> Int {
        var scalars = 0
        for unit in units[..<offset] where !UTF16.isTrailSurrogate(unit) { scalars += 1 }
        return scalars
    }

    // MARK: - Normalising

    /// ``ComplianceStage/fold(_:)`` as a string, with Polish `ł` → `l` (a letter that does not
    /// decompose, and that contacts often type without its stroke). Vietnamese `đ` stays: `đừng`
    /// ("don't") and `dùng` ("use") differ only by it once accents are folded.
    static func normalized(_ text: String) -> String {
        normalized(folded: ComplianceStage.fold(text))
    }

    /// ``normalized(_:)`` of a text already folded by ``ComplianceStage/fold(_:)``.
    static func normalized(folded: [Unicode.Scalar]) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in folded {
            scalars.append(scalar == "ł" ? "l" : scalar)
        }
        return String(scalars)
    }

    /// Whether a scalar is part of a word for folding (letters, marks, digits).
    private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .letterNumber, .otherNumber:
            true
        default: false
        }
    }

    /// The words of `text` that fold to `folded[lower..<upper]` (scalar offsets), with the
    /// punctuation between them as written; the folded words when the two cannot be lined up.
    static func original(_ text: String, folded: String, from lower: Int, to upper: Int) -> String {
        let foldedScalars = Array(folded.unicodeScalars)
        let fallback = String(String.UnicodeScalarView(foldedScalars[min(lower, upper)..<upper]))
        // The original's runs of word scalars, each folded on its own.
        let scalars = Array(text.unicodeScalars)
        var runs: [(start: Int, end: Int, folded: [Unicode.Scalar])] = []
        var index = 0
        while index < scalars.count {
            guard isWordScalar(scalars[index]) else {
                index += 1
                continue
            }
            var end = index
            while end < scalars.count, isWordScalar(scalars[end]) { end += 1 }
            let run = Array(normalized(String(String.UnicodeScalarView(scalars[index..<end]))).unicodeScalars)
            if !run.isEmpty { runs.append((index, end, run)) }
            index = end
        }
        guard runs.map({ String(String.UnicodeScalarView($0.folded)) }).joined(separator: " ") == folded else {
            return fallback
        }
        // Map a folded offset to an offset in the original.
        func position(_ offset: Int, isEnd: Bool) -> Int? {
            var start = 0
            for run in runs {
                let end = start + run.folded.count
                if isEnd ? (offset > start && offset <= end) : (offset >= start && offset < end) {
                    if run.folded.count == run.end - run.start { return run.start + (offset - start) }
                    return isEnd ? run.end : run.start
                }
                start = end + 1  // the space between runs
            }
            return nil
        }
        guard upper > lower, let first = position(lower, isEnd: false), let last = position(upper, isEnd: true),
            first < last
        else { return fallback }
        return String(String.UnicodeScalarView(scalars[first..<last]))
    }

    // MARK: - Grammars

    /// A pattern with what must not surround it.
    struct Pattern: Sendable, ExpressibleByStringLiteral {
        /// The pattern (see ``Grammar``).
        var template: String
        /// Patterns that must not come right before the match ("no" before "para de").
        var notAfter: [String]
        /// Patterns that must not come right after it ("before 8am" after "don't text me").
        var notFollowedBy: [String]

        init(_ template: String, notAfter: [String] = [], notFollowedBy: [String] = []) {
            self.template = template
            self.notAfter = notAfter
            self.notFollowedBy = notFollowedBy
        }

        init(stringLiteral value: String) { self.init(value) }
    }

    /// How one language asks for a compliance action.
    ///
    /// In a language written with spaces (`spaced`), a template is a sequence of words separated by
    /// spaces, each matching one word of the folded message:
    /// - `word` a literal word, folded like the message (write accents or not); `*` at either end
    ///   matches any letters (`messag*`), `_` stands for a space inside one alternative (`do_not`);
    /// - `a|b|{CLASS}` any of the alternatives, where `{CLASS}` is any phrase of a word class;
    /// - `x?` an optional word; `~3` up to three words; `~3{CLASS}` or `~3(a|b)` up to three words of
    ///   a class or list;
    /// - `^` the start of the message; `$` its end, after any courtesy phrases ("please", "gracias").
    ///
    /// In Chinese, Japanese and Korean (not `spaced`) a template is a regular expression over the
    /// folded message, in which `{CLASS}` stands for any phrase of a class.
    struct Grammar: Sendable {
        var language: String
        var spaced: Bool = true
        var classes: [String: [String]] = [:]
        var optOut: [Pattern]
        var optIn: [Pattern] = []
    }

    /// Turns templates into regular expressions.
    private struct Compiler {
        let classes: [String: [String]]
        let courtesy: [String]
        let spaced: Bool

        func compile(_ template: String, boundary: Bool) -> String {
            guard spaced else { return expandClasses(template) }
            var regex = ""
            var endsAtEnd = false
            for token in template.split(separator: " ").map(String.init) {
                if token == "^" {
                    regex += "^"
                } else if token == "$" {
                    regex += "(?: " + alternation(courtesy) + ")*(?= $)"
                    endsAtEnd = true
                } else if token.hasPrefix("~") {
                    let rest = token.dropFirst()
                    let count = rest.prefix { $0.isNumber }
                    let what = rest.dropFirst(count.count)
                    let word: String
                    if what.hasPrefix("{") || what.hasPrefix("(") {
                        word = alternatives(String(what.dropFirst().dropLast()), braced: what.hasPrefix("{"))
                    } else {
                        word = "[^ ]+"
                    }
                    regex += "(?: " + word + "){0,\(count.isEmpty ? "1" : String(count))}"
                } else if token.hasSuffix("?"), token.count > 1 {
                    regex += "(?: " + alternatives(String(token.dropLast()), braced: false) + ")?"
                } else {
                    regex += " " + alternatives(token, braced: false)
                }
            }
            if boundary, !endsAtEnd { regex += "(?= )" }
            return regex
        }

        /// `a|b|{CLASS}` (or, `braced`, a class name alone) as an alternation.
        private func alternatives(_ token: String, braced: Bool) -> String {
            alternation(braced ? words(ofClass: token) : phrases(of: token))
        }

        /// The phrases of `a|b|{CLASS}`, with `_` read as a space.
        private func phrases(of token: String) -> [String] {
            var words: [String] = []
            for alternative in token.split(separator: "|").map(String.init) {
                if alternative.hasPrefix("{"), alternative.hasSuffix("}") {
                    words += self.words(ofClass: String(alternative.dropFirst().dropLast()))
                } else {
                    words.append(alternative.replacingUnderscores())
                }
            }
            return words
        }

        /// The words one of which every match of `template` holds: the first word of each phrase of
        /// its first token that is neither optional (`x?`, `~N`) nor an anchor (`^`, `$`). In the
        /// compiled expression that token is a space, one of the phrases, then a space or the end,
        /// so its first word is a whole word of the message (`*` allowing more letters). Nil when
        /// there is no such token, and in languages written without spaces.
        func anchors(of template: String) -> [Anchor]? {
            guard spaced else { return nil }
            for token in template.split(separator: " ").map(String.init) {
                if token == "^" || token == "$" || token.hasPrefix("~") { continue }
                if token.hasSuffix("?"), token.count > 1 { continue }
                return phrases(of: token).compactMap(Anchor.init(phrase:))
            }
            return nil
        }

        private func words(ofClass name: String) -> [String] {
            guard let words = classes[name] else { preconditionFailure("no word class \(name)") }
            return words
        }

        /// Phrases (with `*` wildcards) as one alternation of their folded forms, longest first.
        private func alternation(_ phrases: [String]) -> String {
            let patterns = phrases.compactMap { phrase -> String? in
                let leading = phrase.hasPrefix("*")
                let trailing = phrase.hasSuffix("*") && phrase.count > 1
                let core = phrase.trimmingStars()
                let folded = CompliancePhrases.normalized(core)
                guard !folded.isEmpty else { return nil }
                let body = spaced ? folded : folded.replacingSpaces(with: " ?")
                return (leading ? "[^ ]*" : "") + body + (trailing ? "[^ ]*" : "")
            }
            let unique = Array(Set(patterns)).sorted { $0.count != $1.count ? $0.count > $1.count : $0 < $1 }
            return "(?:" + unique.joined(separator: "|") + ")"
        }

        /// `{CLASS}` in a raw pattern replaced by its alternation.
        private func expandClasses(_ template: String) -> String {
            var result = ""
            var rest = Substring(template)
            while let open = rest.firstIndex(of: "{") {
                result += rest[..<open]
                guard let close = rest[open...].firstIndex(of: "}") else { break }
                let name = rest[rest.index(after: open)..<close]
                if name.first?.isLetter == true, name.allSatisfy({ $0.isLetter || $0 == "_" }) {
                    result += alternation(words(ofClass: String(name)))
                } else {
                    result += rest[open...close]
                }
                rest = rest[rest.index(after: close)...]
            }
            return result + rest
        }
    }
}

extension String {
    fileprivate func replacingUnderscores() -> String {
        String(map { $0 == "_" ? " " : $0 })
    }

    fileprivate func trimmingStars() -> String {
        var text = Substring(self)
        while text.hasPrefix("*") { text = text.dropFirst() }
        while text.hasSuffix("*") { text = text.dropLast() }
        return String(text)
    }

    fileprivate func replacingSpaces(with replacement: String) -> String {
        split(separator: " ", omittingEmptySubsequences: true).joined(separator: replacement)
    }
}
