public import ParleyLanguage

/// Flags opt-out (STOP), opt-in (START) and help (HELP) keywords in an inbound message, on the text
/// as received and before any translation, in every language Parley supports.
///
/// Carriers and CTIA expect a keyword reply to be honoured whatever its case or decoration, and the
/// FCC's 2024 rule counts a reply of stop, quit, end, revoke, opt out, cancel or unsubscribe as
/// revoking consent. A keyword is never looked for *inside* a sentence: "please don't stop by
/// tomorrow" is not an opt-out.
///
/// ```swift
/// let compliance = ComplianceStage()
/// compliance.classify("Stop!!").kind            // .optOut
/// compliance.classify("alto por favor").kind    // .optOut (Spanish)
/// compliance.classify("ＨＥＬＰ").kind            // .help
/// compliance.classify("stop by at 5?").kind     // nil
/// compliance.classify("please stop texting me") // .optOut, rule .phrase: probable, a person confirms it
/// ```
///
/// **Matching.** The message and every keyword are folded the same way: NFKC case folding (so case,
/// full-width `ＳＴＯＰ` and styled `𝐒𝐓𝐎𝐏` do not matter, and invisible format characters vanish),
/// accents removed in Latin, Greek, Cyrillic, Arabic and Hebrew (`ARRET` = `ARRÊT`, `DUNG` = `DỪNG`,
/// `الغاء` = `إلغاء`; Devanagari vowel signs are letters and stay), Arabic-script letter variants
/// unified (Arabic and Persian kaf and yeh, tatweel dropped), and every run of characters that are
/// not letters, marks or digits (whitespace, punctuation, symbols, emoji) read as one word break.
/// Spaces inside a keyword are optional: `OPT OUT`, `OPT-OUT` and `OPTOUT` are one keyword, as are
/// `수신 거부` and `수신거부`.
///
/// **Rules.**
/// 1. *Whole message* (``ComplianceResult/Rule/wholeMessage``): the folded message is a keyword.
///    Surrounding punctuation, whitespace and emoji are ignored: `Stop`, `STOP.`, ` stop `, `ＳＴＯＰ`.
/// 2. *Keyword with courtesy* (``ComplianceResult/Rule/keywordWithCourtesy``), for opt-out and help
///    keywords only: the message is the keyword, optionally preceded by one courtesy phrase and
///    followed by at most three courtesy phrases or repeats of keywords of the same kind, and nothing
///    else: `STOP please`, `alto por favor`, `please stop`, `tigil po`, `STOP STOP STOP`,
///    `停止してください`. Courtesy phrases are a closed list (``defaultCourtesyPhrases``: please,
///    thank you, por favor, s'il vous plaît, bitte, пожалуйста, 谢谢, お願いします, 해주세요, …).
///    Words are separated by a space, except between Han, kana and Hangul, which are written
///    without one (`停止谢谢`).
/// 3. Opt-in keywords (`START`, `UNSTOP`, `YES`) match only by rule 1: a false opt-in would message
///    someone who opted out, and "Yes please" is an everyday answer. Act on ``ComplianceResult/Kind/optIn``
///    only for a contact who is currently opted out.
///
/// 4. *Phrase* (``ComplianceResult/Rule/phrase``), only when no keyword rule matched: a sentence that
///    asks to stop messages, or to resume them, anywhere in the message: "please stop texting me",
///    "No me manden más mensajes", "remove me from your list", "请不要再给我发短信", "ya pueden
///    escribirme". Each supported language has a small grammar of word classes and patterns; a
///    pattern needs both the request (stop, don't, no more, remove) and what it is about (messages,
///    texts, this list, contacting me), so "the leak won't stop", "no para de gotear", "text me when
///    you're here" or "cancel my appointment" are not flagged. A phrase is *probable*
///    (``ComplianceResult/isProbable``): a person confirms it (the messaging layer holds sends to
///    the contact until one does). Help is not recognised in sentences ("I need help with my AC" is
///    a service request).
///
/// Anything else is ``ComplianceResult/none``.
public struct ComplianceStage: Sendable {
    /// A word or phrase that carries a compliance meaning in a language.
    public struct Keyword: Sendable, Hashable {
        /// The keyword as carriers list it, e.g. `STOP`, `ARRÊT`, `退订`.
        public var text: String
        /// What a message of this keyword asks for.
        public var kind: ComplianceResult.Kind
        /// The language it is a keyword of.
        public var language: LanguageTag

        /// - Parameters:
        ///   - text: The keyword as carriers list it.
        ///   - kind: What a message of this keyword asks for.
        ///   - language: The language it is a keyword of.
        public init(_ text: String, _ kind: ComplianceResult.Kind, language: LanguageTag) {
            self.text = text
            self.kind = kind
            self.language = language
        }
    }

    /// A keyword after folding, with every language that uses it.
    private struct Entry: Sendable {
        var key: [Unicode.Scalar]  // folded, without spaces
        var keyword: String
        var kind: ComplianceResult.Kind
        var languages: [LanguageTag]
    }

    private let entries: [Entry]
    private let courtesies: [[Unicode.Scalar]]
    private let phrases: CompliancePhrases?

    /// - Parameters:
    ///   - keywords: The keywords to flag; by default ``defaultKeywords``. When two keywords fold to
    ///     the same form with different kinds, opt-out wins over help, and help over opt-in.
    ///   - courtesyPhrases: The phrases allowed around an opt-out or help keyword; by default
    ///     ``defaultCourtesyPhrases``.
    ///   - recognizesPhrases: Whether sentences that ask to stop or resume messages are flagged
    ///     (rule 4, ``ComplianceResult/Rule/phrase``) when no keyword matched; true by default.
    public init(
        keywords: [Keyword] = ComplianceStage.defaultKeywords,
        courtesyPhrases: [String] = ComplianceStage.defaultCourtesyPhrases,
        recognizesPhrases: Bool = true
    ) {
        self.phrases = recognizesPhrases ? Self.sharedPhrases : nil
        var entries: [Entry] = []
        var indexByKey: [String: Int] = [:]
        for keyword in keywords {
            let key = Self.fold(keyword.text).filter { $0 != " " }
            guard !key.isEmpty else { continue }
            let id = String(String.UnicodeScalarView(key))
            if let index = indexByKey[id] {
                if keyword.kind.precedence > entries[index].kind.precedence {
                    entries[index] = Entry(
                        key: key, keyword: keyword.text, kind: keyword.kind, languages: [keyword.language])
                } else if keyword.kind == entries[index].kind,
                    !entries[index].languages.contains(keyword.language)
                {
                    entries[index].languages.append(keyword.language)
                }
            } else {
                indexByKey[id] = entries.count
                entries.append(Entry(key: key, keyword: keyword.text, kind: keyword.kind, languages: [keyword.language]))
            }
        }
        // Longest first, so `STOPALL` is tried before `STOP` and `配信停止` before `停止`.
        self.entries = entries.enumerated().sorted {
            $0.element.key.count != $1.element.key.count
                ? $0.element.key.count > $1.element.key.count : $0.offset < $1.offset
        }.map(\.element)
        self.courtesies = courtesyPhrases.map { Self.fold($0).filter { $0 != " " } }.filter { !$0.isEmpty }
    }

    /// Classifies an inbound message.
    ///
    /// Pass the text before translation: ``IntakeResult/original`` or ``IntakeResult/text`` give
    /// the same answer, since folding ignores controls and invisible characters.
    ///
    /// - Parameters:
    ///   - text: The message as the contact wrote it.
    /// - Returns: The keyword's kind, the keyword and its language, or a phrase's kind, its words and
    ///   its language; ``ComplianceResult/none`` when the message is neither.
    public func classify(_ text: String) -> ComplianceResult {
        let folded = Self.fold(text)  // once, for the keywords and the phrases
        let keyword = classifyKeyword(folded: folded)
        guard keyword.kind == nil, let phrases, let match = phrases.match(text, folded: folded) else { return keyword }
        return ComplianceResult(kind: match.kind, keyword: match.words, language: match.language, rule: .phrase)
    }

    /// The phrase grammars, compiled once.
    private static let sharedPhrases = CompliancePhrases()

    /// Rules 1 to 3.
    private func classifyKeyword(folded message: [Unicode.Scalar]) -> ComplianceResult {
        guard !message.isEmpty else { return .none }

        // Rule 1 (and rule 2 without a leading courtesy), then rule 2 after one leading courtesy.
        var starts: [(position: Int, courtesy: Bool)] = [(0, false)]
        for courtesy in courtesies {
            if let end = Self.match(courtesy, in: message, at: 0), let next = Self.boundary(message, end),
                next < message.count
            {
                starts.append((next, true))
            }
        }
        for start in starts {
            for entry in entries {
                guard let end = Self.match(entry.key, in: message, at: start.position),
                    let next = Self.boundary(message, end)
                else { continue }
                if next == message.count, !start.courtesy {
                    return result(entry, rule: .wholeMessage)
                }
                guard entry.kind != .optIn else { continue }
                if trailerIsCourtesy(message, from: next, kind: entry.kind, remaining: 3) {
                    return result(entry, rule: .keywordWithCourtesy)
                }
            }
        }
        return .none
    }

    private func result(_ entry: Entry, rule: ComplianceResult.Rule) -> ComplianceResult {
        ComplianceResult(
            kind: entry.kind, keyword: entry.keyword, language: entry.languages.first,
            languages: entry.languages, rule: rule)
    }

    /// Whether `message[position...]` is at most `remaining` courtesy phrases or keywords of `kind`.
    private func trailerIsCourtesy(
        _ message: [Unicode.Scalar], from position: Int, kind: ComplianceResult.Kind, remaining: Int
    ) -> Bool {
        if position == message.count { return true }
        guard remaining > 0 else { return false }
        let tokens = courtesies + entries.lazy.filter { $0.kind == kind }.map(\.key)
        for token in tokens {
            if let end = Self.match(token, in: message, at: position), let next = Self.boundary(message, end),
                trailerIsCourtesy(message, from: next, kind: kind, remaining: remaining - 1)
            {
                return true
            }
        }
        return false
    }

    // MARK: - Folding and matching

    /// The text folded for matching: case, width, accents and Arabic letter variants folded; every
    /// run of non-letters (not L, M or N) one space; no space at either end.
    static func fold(_ text: String) -> [Unicode.Scalar] {
        var folded: [Unicode.Scalar] = []
        var pendingSpace = false
        for original in ICU.accentFolded(text).unicodeScalars {
            let scalar: Unicode.Scalar
            switch original.value {
            case 0x0640: continue  // ARABIC TATWEEL (kashida): elongation only
            case 0x0643: scalar = "\u{06A9}"  // ARABIC KAF → KEHEH (Persian kaf)
            case 0x064A, 0x0649: scalar = "\u{06CC}"  // ARABIC YEH, ALEF MAKSURA → FARSI YEH
            default: scalar = original
            }
            switch scalar.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .letterNumber, .otherNumber:
                if pendingSpace, !folded.isEmpty { folded.append(" ") }
                pendingSpace = false
                folded.append(scalar)
            default:
                pendingSpace = true
            }
        }
        return folded
    }

    /// Where `token` (folded, without spaces) ends if it occurs in `message` at `position`, allowing
    /// one space between any two of its scalars.
    private static func match(_ token: [Unicode.Scalar], in message: [Unicode.Scalar], at position: Int) -> Int? {
        var index = position
        for (offset, scalar) in token.enumerated() {
            if offset > 0, index < message.count, message[index] == " ", scalar != " " { index += 1 }
            guard index < message.count, message[index] == scalar else { return nil }
            index += 1
        }
        return index
    }

    /// Where the next word starts after a token ending at `end`, or nil when the token ends inside a
    /// word (`stop` in `stopping`). Han, kana and Hangul need no space between words.
    private static func boundary(_ message: [Unicode.Scalar], _ end: Int) -> Int? {
        if end == message.count { return end }
        if message[end] == " " { return end + 1 }
        if end > 0, writtenWithoutSpaces(message[end - 1]), writtenWithoutSpaces(message[end]) { return end }
        return nil
    }

    private static func writtenWithoutSpaces(_ scalar: Unicode.Scalar) -> Bool {
        switch Script(of: scalar) {
        case .han, .hiragana, .katakana, .hangul: true
        default: scalar.value == 0x30FC  // KATAKANA-HIRAGANA PROLONGED SOUND MARK (script Common)
        }
    }
}

/// What ``ComplianceStage`` found in a message.
public struct ComplianceResult: Sendable, Hashable {
    /// What a keyword reply asks for.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// Stop messaging this contact (STOP, UNSUBSCRIBE, ALTO, 退订, …); honour it on every number.
        case optOut
        /// Resume messaging after an opt-out (START, UNSTOP, YES).
        case optIn
        /// Send the help template (HELP, INFO, AYUDA, …).
        case help

        var precedence: Int {
            switch self {
            case .optOut: 2
            case .help: 1
            case .optIn: 0
            }
        }
    }

    /// Which rule matched (see ``ComplianceStage``).
    public enum Rule: String, Sendable, Hashable {
        /// The whole message is the keyword, apart from punctuation, whitespace and emoji.
        case wholeMessage
        /// The keyword, with only courtesy phrases or repeats around it ("STOP please").
        case keywordWithCourtesy
        /// A sentence that asks for it, e.g. "please stop texting me"; probable, a person confirms it.
        case phrase
    }

    /// What the message asks for; nil when it is not a keyword reply.
    public var kind: Kind?
    /// The keyword as listed (`ARRÊT` for a reply of `arret`); for a ``Rule/phrase``, the words that
    /// matched as written in the message (`no me manden más mensajes`); nil when none matched.
    public var keyword: String?
    /// The keyword's language: the first of ``languages`` (for a word several languages use, such as
    /// `STOP` in English, French and Polish, the first in table order; English comes first); for a
    /// ``Rule/phrase``, the phrase's language.
    public var language: LanguageTag?
    /// Every language whose keyword list holds the matched keyword.
    public var languages: [LanguageTag]
    /// Which rule matched; nil when none did.
    public var rule: Rule?

    /// Whether the result is only probable (a ``Rule/phrase``): a person confirms it. Keyword
    /// results are not.
    public var isProbable: Bool { rule == .phrase }

    /// - Parameters:
    ///   - kind: What the message asks for.
    ///   - keyword: The keyword as listed.
    ///   - language: The keyword's language.
    ///   - languages: Every language that uses the keyword.
    ///   - rule: Which rule matched.
    public init(
        kind: Kind?, keyword: String?, language: LanguageTag?, languages: [LanguageTag] = [], rule: Rule? = nil
    ) {
        self.kind = kind
        self.keyword = keyword
        self.language = language
        self.languages = languages.isEmpty ? language.map { [$0] } ?? [] : languages
        self.rule = rule
    }

    /// Not a keyword reply.
    public static var none: Self { .init(kind: nil, keyword: nil, language: nil) }
}

extension ComplianceStage {
    /// Phrases allowed around an opt-out or help keyword ("STOP please"), in the supported languages.
    public static let defaultCourtesyPhrases: [String] = [
        // English
        "please", "pls", "plz", "thanks", "thank you", "thx", "ty",
        // Spanish, Portuguese
        "por favor", "porfa", "gracias", "muchas gracias", "obrigado", "obrigada",
        // French
        "s'il vous plaît", "s'il te plaît", "svp", "stp", "merci", "merci beaucoup",
        // German, Italian, Polish
        "bitte", "danke", "per favore", "per piacere", "grazie", "proszę", "dziękuję",
        // Russian, Ukrainian
        "пожалуйста", "спасибо", "будь ласка", "дякую",
        // Vietnamese, Tagalog, Haitian Creole, Somali
        "làm ơn", "cảm ơn", "ạ", "po", "salamat", "pakiusap", "tanpri", "souple", "mèsi", "fadlan", "mahadsanid",
        // Arabic, Persian
        "من فضلك", "لو سمحت", "شكرا", "لطفا", "ممنون", "مرسی", "متشکرم",
        // Hindi (कृपया "please"; करें/करो/कीजिए complete "बंद करो", "मदद करें")
        "कृपया", "धन्यवाद", "करें", "करो", "कीजिए", "कर दो", "कर दें",
        // Amharic
        "እባክዎ", "እባክህ", "እባክሽ", "አመሰግናለሁ",
        // Chinese
        "请", "請", "谢谢", "謝謝",
        // Japanese
        "してください", "して下さい", "ください", "下さい", "お願いします", "おねがいします", "お願い",
        "ありがとう", "ありがとうございます",
        // Korean
        "해주세요", "해 주세요", "주세요", "부탁드립니다", "부탁해요", "감사합니다",
    ]

    /// The keywords Parley flags by default, by language, as carriers, CTIA, Twilio, Sinch and AWS list
    /// them. Accent-less spellings (`ARRET`, `DUNG`, `الغاء`) match through folding and are not listed.
    ///
    /// Opt-in keywords outside English are few (carriers list none in common use): Spanish,
    /// French, Portuguese, German and Italian have words that say "resume" or "subscribe" and
    /// nothing else, so a contact who opted out can opt back in in their own language. English
    /// `START`, `UNSTOP` and `YES` work whatever the contact's language.
    public static let defaultKeywords: [Keyword] = {
        let table: [(language: String, optOut: [String], help: [String], optIn: [String])] = [
            (
                "en", ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT", "OPT OUT"],
                ["HELP", "INFO"], ["START", "UNSTOP", "YES"]
            ),
            ("es", ["ALTO", "PARAR", "PARE", "DETENER", "CANCELAR", "BAJA", "SALIR"], ["AYUDA"], ["INICIAR", "REANUDAR", "SUSCRIBIR"]),
            ("fr", ["ARRÊT", "ARRÊTE", "STOP", "DÉSABONNER"], ["AIDE"], ["REPRENDRE", "RÉABONNER"]),
            ("pt", ["PARAR", "SAIR", "CANCELAR"], ["AJUDA"], ["VOLTAR", "INICIAR"]),
            ("zh-Hans", ["停止", "退订", "取消"], ["帮助"], []),
            ("zh-Hant", ["停止", "退訂", "取消"], ["幫助"], []),
            ("vi", ["DỪNG", "HỦY"], ["TRỢ GIÚP"], []),
            ("tl", ["TIGIL", "HINTO"], ["TULONG"], []),
            ("ko", ["중지", "그만", "수신거부"], ["도움말"], []),
            ("ru", ["СТОП", "ОТПИСАТЬСЯ"], ["ПОМОЩЬ"], []),
            ("ar", ["توقف", "إلغاء"], ["مساعدة"], []),
            ("ht", ["SISPANN", "KANPE"], ["ÈD"], []),
            ("de", ["STOPP", "ABMELDEN"], ["HILFE"], ["ANMELDEN"]),
            ("it", ["BASTA", "ANNULLA"], ["AIUTO"], ["RIPRENDI", "ISCRIVIMI"]),
            ("pl", ["STOP", "REZYGNUJĘ"], ["POMOC"], []),
            ("uk", ["СТОП", "ВІДПИСАТИСЯ"], ["ДОПОМОГА"], []),
            ("fa", ["توقف", "لغو"], ["کمک"], []),
            ("so", ["JOOJI"], ["CAAWIMO"], []),
            ("am", ["አቁም"], ["እርዳታ"], []),
            ("hi", ["रोकें", "बंद"], ["मदद"], []),
            ("ja", ["停止", "配信停止"], ["ヘルプ"], []),
        ]
        return table.flatMap { row -> [Keyword] in
            guard let tag = SupportedLanguage.all.first(where: { $0.tag.identifier == row.language })?.tag else {
                preconditionFailure("\(row.language) is not a supported language")
            }
            return row.optOut.map { Keyword($0, .optOut, language: tag) }
                + row.help.map { Keyword($0, .help, language: tag) }
                + row.optIn.map { Keyword($0, .optIn, language: tag) }
        }
    }()
}
