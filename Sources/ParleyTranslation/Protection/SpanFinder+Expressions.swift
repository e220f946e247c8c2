internal import Foundation

/// The patterns of the expression kinds (times, dates, durations, measures, codes, addresses and
/// acronyms) and the checks a match must pass.
///
/// The patterns read English (US) conventions; in text of other languages they rarely match, and a
/// match is only ever kept as written or localised from English by ``ExpressionLocalizer``.
extension SpanFinder {
    private static let months =
        "January|February|March|April|(?-i:May)|June|July|August|September|October|November|December"
        + "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
    static let weekdays =
        "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon|Tues|Tue|Wed|Thurs|Thur|Thu|Fri|Sat|Sun"
    private static let dayOfMonth = #"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"#
    /// A weekday before a date: `Tuesday, March 5`, `Tue 3/15`.
    private static let weekdayPrefix = #"(?:(?:"# + weekdays + #")\.?,?\s+)?"#
    /// Not glued to a word, a number or a price before it.
    private static let start = #"(?<![\p{L}\p{N}_$€£.,/:\-])"#
    /// Not glued to a word or a number after it.
    private static let end = #"(?![\p{L}\p{N}_])"#
    private static let decimal = #"\d+(?:\.\d+)?"#
    private static let quantity = #"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|(?:\d+\s)?\d+/\d+)"#
    private static let units =
        "seer2?|eer2?|hspf2?|afue|btus?|btu/h|mbh|cfm|merv|kwh|kw|watts?|volts?|amps?|psi|tons?|stars?"
        + "|lbs?|pounds?|oz|ounces?|kg|kilos?|grams?|inch(?:es)?|ft|feet|foot|yards?|yds?|miles?|mm|cm"
        + #"|meters?|metres?|km|gal|gallons?|qt|quarts?|liters?|litres?|ml|sq\.?\s?ft|square\s(?:feet|foot|meters?|metres?)"#
    private static let streetSuffixes =
        "Street|St|Avenue|Ave|Boulevard|Blvd|Road|Rd|Drive|Dr|Lane|Ln|Court|Ct|Way|Place|Pl|Terrace|Ter"
        + "|Parkway|Pkwy|Highway|Hwy|Circle|Cir|Trail|Trl|Square|Sq|Loop|Pike"

    /// The expression kinds' patterns, in the order they are tried (the order does not decide
    /// overlaps: ``SpanFinder/resolve(_:in:)`` does).
    static let expressionSources: [(ProtectedText.Span.Kind, String)] = [
        // 123 Main St, Apt 4B · 4500 Oak Ridge Blvd Suite 200 · 12 W 42nd St #3
        (.address,
         #"(?<![\p{L}\p{N}_#$.,/\-])\d{1,6}[A-Za-z]?\s+(?:(?:[NSEW]\.?|North|South|East|West)\s+)?"#
            + #"(?:(?:[A-Z][\p{L}'’\-]*|\d+(?:st|nd|rd|th))\s+){1,3}(?i:"# + streetSuffixes + #")(?![\p{L}\p{N}_])"#
            + #"(?:,?\s+(?i:Apt|Apartment|Suite|Ste|Unit|Bldg|Building|Floor|Fl|#)\.?\s*#?[A-Za-z0-9][A-Za-z0-9\-]*)?"#),
        // March 5 · Tuesday, Mar 5th · March 5, 2026
        (.date, "(?i)" + start + weekdayPrefix + "(?:" + months + #")\.?\s+"# + dayOfMonth + end + #"(?:,?\s+\d{4}(?!\p{N}))?"#),
        // 5 March · Tue 5th of March 2026
        (.date, "(?i)" + start + weekdayPrefix + dayOfMonth + #"\s+(?:of\s+)?(?:"# + months + #")\.?"# + end
            + #"(?:,?\s+\d{4}(?!\p{N}))?"#),
        // 3/15 · 3/15/2026 · Tue 3/15 (fractions such as 1/2 and 3/4 are left out by `isDate`)
        (.date, "(?i)" + start + weekdayPrefix + #"(?:1[0-2]|0?[1-9])/(?:[12]\d|3[01]|0?[1-9])(?:/(?:\d{4}|\d{2}))?"#
            + #"(?![\p{L}\p{N}_/]|[.,]\p{N})"#),
        // 2026-03-15
        (.date, start + #"\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?![\p{N}_]|-\p{N})"#),
        // 8:30 AM · 8:30am · 3pm · 3 p.m. · 10:00 a.m. · 8-10am (a range is kept as written)
        (.time, "(?i)" + start + #"(?:(?:1[0-2]|0?[1-9])(?::[0-5]\d)?\s?(?:-|–|to)\s?)?(?:1[0-2]|0?[1-9])(?::[0-5]\d)?[ \u00A0]?"#
            + #"(?:[ap]\.[ \u00A0]?m\.|[ap]m(?![\p{L}\p{N}_]))"#),
        // 14:30 · 08:30 · 10:30
        (.time, start + #"(?:[01]?\d|2[0-3]):[0-5]\d(?![\p{N}_]|[:.,/]\p{N})"#),
        // 2 hours · 30 min · 1.5 hrs · 2-3 days · 3 to 5 weeks
        (.duration, "(?i)" + start + decimal + #"(?:\s?(?:-|–|to)\s?"# + decimal + #")?[ \u00A0]?"#
            + "(?:hours?|hrs?|minutes?|mins?|seconds?|secs?|days?|weeks?|wks?|months?|years?|yrs?)" + end),
        // 72°F · 72 ° · 72 degrees · 15% · 15 percent
        (.measure, "(?i)" + start + "-?" + decimal + #"[ \u00A0]?(?:°[ \u00A0]?[FC]?|º[ \u00A0]?[FC]|degrees?(?:\s(?:F|C|Fahrenheit|Celsius))?|%|percent)"#
            + #"(?![\p{L}\p{N}_])"#),
        // 16 SEER · 12,000 BTU · 3-ton · 4.5 stars · 5 lbs · 3/4 inch · 500 sq ft
        (.measure, "(?i)" + start + quantity + #"(?:[ \u00A0]|-)?(?:"# + units + ")" + end),
        // 3/4" · 240V
        (.measure, start + quantity + #"(?:"(?![\p{L}\p{N}])|V(?![\p{L}\p{N}_]))"#),
        // #4512 · №12
        (.code, #"(?<![\p{L}\p{N}_&])[#№]\p{N}[\p{L}\p{N}]*(?:-[\p{L}\p{N}]+)*"#),
        // XR16 · SKU-4471-B · 1Z999AA10123456784 · R-410A (checked by `isCode`)
        (.code, #"(?<![\p{L}\p{N}_#@./\-])(?=[A-Za-z0-9\-]*\d)(?=[A-Za-z0-9\-]*[A-Za-z])[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*"#
            + #"(?![\p{L}\p{N}_]|-[\p{L}\p{N}])"#),
        // HVAC · AC · PTO · ETA (checked by `isAcronym`)
        (.acronym, #"(?<![\p{L}\p{N}_@.'’/\-])[A-Z]{2,6}(?![\p{L}\p{N}_@]|[.\-][\p{L}\p{N}])"#),
    ]

    // MARK: - Checks

    /// Common fractions, which are not dates.
    private static let fractionDenominators: Set<Int> = [2, 3, 4, 8, 16]

    /// A numeric date is a real one (month 1-12, a day the month has) and not a common fraction
    /// (`1/2`, `3/4`, `5/8`: the smaller number over 2, 3, 4, 8 or 16).
    static func isDate(_ text: String) -> Bool {
        let numeric = text.split(whereSeparator: { !$0.isNumber && $0 != "/" }).last.map(String.init) ?? text
        let parts = numeric.split(separator: "/").compactMap { Int($0) }
        guard parts.count >= 2, numeric.contains("/") else { return true }
        if parts.count == 2, parts[0] < parts[1], fractionDenominators.contains(parts[1]),
           !text.contains(where: \.isLetter) {
            return false
        }
        return parts[1] <= daysIn(month: parts[0], year: parts.count > 2 ? parts[2] : nil)
    }

    /// The number of days in a month; February has 29 when the year is unknown.
    static func daysIn(month: Int, year: Int?) -> Int {
        switch month {
        case 1, 3, 5, 7, 8, 10, 12: return 31
        case 4, 6, 9, 11: return 30
        case 2:
            guard var year else { return 29 }
            if year < 100 { year += 2000 }
            return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        default: return 0
        }
    }

    /// Ordinals (`1st`, `22ND`) are numbers, not codes.
    private static let ordinal = try! NSRegularExpression(pattern: #"^\d+(?:st|nd|rd|th)$"#, options: .caseInsensitive)

    /// A model, part, order or tracking code: a number after `#` or `№` (`#4512`), letters and digits
    /// with a capital letter (`XR16`,
    /// `SKU-4471-B`), or letters and digits interleaved (`20x25x1`, `1z999aa1`); not an ordinal, and
    /// not a number glued to a lower-case word (`2-stage`, `mp3`), which stays a number.
    static func isCode(_ text: String) -> Bool {
        if text.hasPrefix("#") || text.hasPrefix("№") { return true }
        let ns = text as NSString
        if ordinal.firstMatch(in: text, range: NSRange(location: 0, length: ns.length)) != nil { return false }
        if text.unicodeScalars.contains(where: { ("A"..."Z").contains($0) }) { return true }
        var transitions = 0
        var previous: Bool?
        for scalar in text.unicodeScalars where scalar != "-" {
            let isDigit = ("0"..."9").contains(scalar)
            if let previous, previous != isDigit { transitions += 1 }
            previous = isDigit
        }
        return transitions >= 2
    }

    /// Capitalised words that are emphasis, not acronyms; `AM` and `PM` belong to times. The SMS
    /// keywords a reply tells the contact to send (STOP, HELP, START, YES, INFO) are not here: they
    /// stay as written, since that is the word the contact must text back.
    static let notAcronyms: Set<String> = [
        "AM", "PM", "OK", "US", "NO", "NOT", "NOW", "ALL", "AND", "THE", "FOR", "YOU", "ARE", "IS", "IT",
        "TO", "DO", "DONT", "CAN", "WILL", "CALL", "TEXT", "FREE", "NEW", "SALE", "TODAY",
        "PLEASE", "URGENT", "THANKS", "THANK", "HI", "HELLO", "OFF", "ON", "IN", "OUT", "UP", "MY", "ME", "WE",
        "OUR", "YOUR", "BE", "AT", "OF", "OR", "IF", "SO", "BUT", "NEVER", "ONLY", "MUST", "VERY", "HOT", "COLD",
        "DONE", "SOON", "LATE", "SI", "AN", "AS", "BY", "GO", "HE", "SHE", "HAS", "HAD",
        "WAS", "GET", "GOT", "NEED", "WANT", "ASK", "SEE", "WHY", "HOW", "WHAT", "WHO", "WHEN", "HERE", "THERE",
    ]

    /// Where the text is shouted: sentences without a lower-case letter and with two or more words.
    struct ShoutedSentences {
        /// Sentence ranges in UTF-16 offsets, in order, each with whether it is shouted.
        private var sentences: [(end: Int, shouted: Bool)] = []

        init(_ text: String) {
            var offset = 0
            var hasLowercase = false
            var words = 0
            var inWord = false
            for scalar in text.unicodeScalars {
                let properties = scalar.properties
                if properties.isLowercase { hasLowercase = true }
                if properties.isAlphabetic {
                    if !inWord { words += 1 }
                    inWord = true
                } else {
                    inWord = false
                }
                offset += scalar.utf16.count
                if ".!?\n…".unicodeScalars.contains(scalar) {
                    sentences.append((offset, !hasLowercase && words >= 2))
                    hasLowercase = false
                    words = 0
                }
            }
            sentences.append((offset, !hasLowercase && words >= 2))
        }

        /// Whether the sentence holding a UTF-16 offset is shouted.
        func isShouted(at offset: Int) -> Bool {
            var low = 0
            var high = sentences.count - 1
            while low < high {
                let middle = (low + high) / 2
                if sentences[middle].end <= offset { low = middle + 1 } else { high = middle }
            }
            return sentences[low].shouted
        }
    }

    /// An all-caps word of 2-6 letters is an acronym unless it is an emphasis word, its sentence is
    /// shouted, or a capitalised word stands right next to it (`the AC IS BROKEN`: emphasis).
    static func isAcronym(_ range: NSRange, in text: NSString, shouted: ShoutedSentences) -> Bool {
        let word = text.substring(with: range)
        if notAcronyms.contains(word) || shouted.isShouted(at: range.location) { return false }
        return !capitalisedWord(in: text, from: range.location, forward: false)
            && !capitalisedWord(in: text, from: range.location + range.length, forward: true)
    }

    /// Whether the word next to an offset (across spaces only) is capitalised, two letters or more.
    private static func capitalisedWord(in text: NSString, from offset: Int, forward: Bool) -> Bool {
        let space = UInt16(UInt8(ascii: " "))
        var index = forward ? offset : offset - 1
        var sawSpace = false
        while index >= 0, index < text.length, text.character(at: index) == space {
            sawSpace = true
            index += forward ? 1 : -1
        }
        guard sawSpace else { return false }
        var letters = 0
        while index >= 0, index < text.length {
            let unit = text.character(at: index)
            guard let scalar = Unicode.Scalar(unit), scalar.properties.isAlphabetic else { break }
            guard scalar.properties.isUppercase else { return false }
            letters += 1
            index += forward ? 1 : -1
        }
        guard letters >= 2 else { return false }
        let start = forward ? index - letters : index + 1
        let neighbour = text.substring(with: NSRange(location: start, length: letters))
        return neighbour != "AM" && neighbour != "PM"
    }
}
