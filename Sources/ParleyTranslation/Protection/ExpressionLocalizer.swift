internal import Foundation
public import ParleyLanguage

/// Renders the times, dates and durations of an English message in the target language's
/// conventions, through the system ICU.
///
/// The English side is read with US conventions (`3/15` is March 15). A time keeps its 12-hour
/// clock where the target's region uses one (`es` "8:30 a. m.", `zh` "上午8:30") and takes the
/// 24-hour clock elsewhere (`fr`, `de` "08:30"); a date keeps its fields (weekday, month name or
/// number, year or none) in the target's order (`es` "martes, 5 de marzo", "15/3"); a duration
/// gets the unit's full name (`es` "2 horas", "30 minutos"), and so does a measure whose unit is
/// spelled out in English (`68 degrees` "68 grados Fahrenheit", `50 gallons` "50 galones"); symbols
/// and ratings (`72°F`, `20%`, `16 SEER`, `4.5 stars`) stay as written. Anything it cannot read (a time range,
/// `10:30` without AM/PM, a weekday that does not match the date), and every target ICU has no
/// data for, gives nil: the span is kept as written. ICU's no-break spaces become plain spaces, so
/// a message that fits SMS's GSM-7 alphabet still does.
///
/// ```swift
/// let localizer = ExpressionLocalizer(from: LanguageTag("en")!, to: LanguageTag("es")!)
/// localizer?.localized("8:30 AM", as: .time)        // "8:30 a. m."
/// localizer?.localized("Tuesday, March 5", as: .date) // "martes, 5 de marzo"
/// ```
public struct ExpressionLocalizer: Sendable {
    /// The language rendered into.
    public let target: LanguageTag

    /// A localizer from English to another language; nil when the source is not English or the
    /// target is English too (the text is then its own rendering).
    /// - Parameters:
    ///   - source: the message's language.
    ///   - target: the language to render into.
    public init?(from source: LanguageTag, to target: LanguageTag) {
        guard source.language == "en", target.language != "en", !target.isUndetermined else { return nil }
        self.target = target
    }

    /// The kinds this localizer renders; others are always kept as written.
    public static let kinds: Set<ProtectedText.Span.Kind> = [.time, .date, .duration, .measure]

    /// The span's text in the target language's convention, or nil to keep it as written.
    /// - Parameters:
    ///   - text: the span as written in English.
    ///   - kind: what the span is.
    public func localized(_ text: String, as kind: ProtectedText.Span.Kind) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.utf8.count <= 64 else { return nil }
        let rendered: String? =
            switch kind {
            case .time: time(trimmed)
            case .date: date(trimmed)
            case .duration: duration(trimmed)
            case .measure: measure(trimmed)
            default: nil
            }
        return rendered.map(Self.plainSpaces)
    }

    /// ICU's no-break and narrow no-break spaces ("8:30 a. m." has two) as plain spaces: the GSM-7
    /// alphabet of SMS has neither, and one would make the whole message UCS-2 (70 characters a
    /// segment instead of 160).
    static func plainSpaces(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { scalar in
            switch scalar.value {
            case 0x00A0, 0x2007, 0x2009, 0x202F: " "
            default: scalar
            }
        }))
    }

    // MARK: - Times

    private static let timePattern = try! NSRegularExpression(
        pattern: #"^(\d{1,2})(?::(\d{2}))?(?:[ \u00A0]?([ap])\.?[ \u00A0]?m\.?)?$"#, options: .caseInsensitive)

    private func time(_ text: String) -> String? {
        guard let groups = Self.groups(of: Self.timePattern, in: text), var hour = groups[0].flatMap({ Int($0) }) else {
            return nil
        }
        let minute = groups[1].flatMap { Int($0) }
        if let period = groups[2]?.lowercased() {
            guard (1...12).contains(hour) else { return nil }
            hour = hour % 12 + (period == "p" ? 12 : 0)
            return ICU.formattedTime(
                hour: hour, minute: minute ?? 0, twelveHour: true, withMinutes: minute != nil, language: target.identifier)
        }
        // Without AM/PM only a 24-hour time is unambiguous (14:30, 08:30, 0:15); 10:30 could be either.
        guard let minute, hour == 0 || hour >= 13 || text.hasPrefix("0") else { return nil }
        return ICU.formattedTime(hour: hour, minute: minute, twelveHour: false, language: target.identifier)
    }

    // MARK: - Dates

    private static let monthNames = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
        "december",
    ]
    private static let weekdayNames = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]

    /// A month (1-12) and whether the name was written in full.
    private static func month(named word: String) -> (number: Int, full: Bool)? {
        if let index = monthNames.firstIndex(of: word) { return (index + 1, true) }
        if word == "sept" { return (9, false) }
        guard word.count == 3, let index = monthNames.firstIndex(where: { $0.hasPrefix(word) }) else { return nil }
        return (index + 1, false)
    }

    /// A weekday (0 = Sunday) and whether the name was written in full.
    private static func weekday(named word: String) -> (number: Int, full: Bool)? {
        if let index = weekdayNames.firstIndex(of: word) { return (index, true) }
        let abbreviations = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
        if let index = abbreviations.firstIndex(of: word) { return (index, false) }
        switch word {
        case "tues": return (2, false)
        case "thur", "thurs": return (4, false)
        default: return nil
        }
    }

    private static let isoDate = try! NSRegularExpression(pattern: #"^(\d{4})-(\d{2})-(\d{2})$"#)

    private func date(_ text: String) -> String? {
        if let groups = Self.groups(of: Self.isoDate, in: text) {
            let numbers = groups.compactMap { $0.flatMap { Int($0) } }
            guard numbers.count == 3 else { return nil }
            return render(weekday: nil, month: numbers[1], monthWidth: "M", day: numbers[2], year: numbers[0])
        }
        var weekday: (number: Int, full: Bool)?
        var month: Int?
        var monthWidth = "M"
        var day: Int?
        var year: Int?
        let words = text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber && $0 != "/" })
        for word in words.map(String.init) {
            if word.contains("/") {
                let parts = word.split(separator: "/").map { Int($0) }
                guard month == nil, (2...3).contains(parts.count), parts.allSatisfy({ $0 != nil }) else { return nil }
                month = parts[0]
                day = parts[1]
                if parts.count == 3, var written = parts[2] {
                    if written < 100 { written += 2000 }
                    year = written
                }
            } else if let number = Int(word) {
                if number >= 1000, year == nil { year = number } else if day == nil, number <= 31 { day = number } else { return nil }
            } else if let ordinal = Self.ordinalDay(word), day == nil {
                day = ordinal
            } else if let found = Self.month(named: word), month == nil {
                month = found.number
                monthWidth = found.full ? "MMMM" : "MMM"
            } else if let found = Self.weekday(named: word), weekday == nil, month == nil, day == nil {
                weekday = found
            } else if word != "of" {
                return nil
            }
        }
        guard let month, let day else { return nil }
        return render(weekday: weekday, month: month, monthWidth: monthWidth, day: day, year: year)
    }

    private static func ordinalDay(_ word: String) -> Int? {
        for suffix in ["st", "nd", "rd", "th"] where word.hasSuffix(suffix) {
            return Int(word.dropLast(2))
        }
        return nil
    }

    private func render(weekday: (number: Int, full: Bool)?, month: Int, monthWidth: String, day: Int, year: Int?) -> String? {
        guard (1...12).contains(month), day >= 1, year.map({ (1...9999).contains($0) }) ?? true,
            day <= SpanFinder.daysIn(month: month, year: year)
        else { return nil }
        var calendarYear = year ?? 2024  // a leap year, so February 29 exists; the year is not shown
        if let weekday {
            if year != nil {
                // The writer's weekday must match the date: ICU would silently print the right one.
                guard Self.weekday(year: calendarYear, month: month, day: day) == weekday.number else { return nil }
            } else {
                // Any year whose date falls on that weekday; the year is not shown.
                guard let matching = (2024...2051).first(where: {
                    day <= SpanFinder.daysIn(month: month, year: $0) && Self.weekday(year: $0, month: month, day: day) == weekday.number
                }) else { return nil }
                calendarYear = matching
            }
        }
        let skeleton = (weekday.map { $0.full ? "EEEE" : "EEE" } ?? "") + (year == nil ? "" : "y") + monthWidth + "d"
        return ICU.formattedDate(skeleton: skeleton, year: calendarYear, month: month, day: day, language: target.identifier)
    }

    /// The weekday of a Gregorian date, 0 = Sunday (Sakamoto's method).
    static func weekday(year: Int, month: Int, day: Int) -> Int {
        let offsets = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4]
        let y = month < 3 ? year - 1 : year
        return (y + y / 4 - y / 100 + y / 400 + offsets[month - 1] + day) % 7
    }

    // MARK: - Durations

    private static let durationPattern = try! NSRegularExpression(
        pattern: #"^(\d+(?:\.\d+)?)(?:[ \u00A0]?(-|–|to)[ \u00A0]?(\d+(?:\.\d+)?))?[ \u00A0]?([a-z]+)$"#,
        options: .caseInsensitive)

    private static let durationUnits: [String: String] = [
        "hour": "hour", "hours": "hour", "hr": "hour", "hrs": "hour",
        "minute": "minute", "minutes": "minute", "min": "minute", "mins": "minute",
        "second": "second", "seconds": "second", "sec": "second", "secs": "second",
        "day": "day", "days": "day", "week": "week", "weeks": "week", "wk": "week", "wks": "week",
        "month": "month", "months": "month", "year": "year", "years": "year", "yr": "year", "yrs": "year",
    ]

    private func duration(_ text: String) -> String? {
        guard let groups = Self.groups(of: Self.durationPattern, in: text),
              let first = groups[0].flatMap({ Double($0) }),
              let unit = groups[3].flatMap({ Self.durationUnits[$0.lowercased()] })
        else { return nil }
        let skeleton = "measure-unit/duration-\(unit) unit-width-full-name"
        guard let last = groups[2].flatMap({ Double($0) }) else {
            return ICU.formattedNumber(first, skeleton: skeleton, language: target.identifier)
        }
        // A range: the first number alone, the last with the unit ("2-3 días").
        guard let low = ICU.formattedNumber(first, skeleton: "", language: target.identifier),
              let high = ICU.formattedNumber(last, skeleton: skeleton, language: target.identifier)
        else { return nil }
        let separator = groups[1]?.lowercased() == "to" ? "–" : groups[1] ?? "–"
        return low + separator + high
    }

    private static let measurePattern = try! NSRegularExpression(
        pattern: #"^(\d+(?:\.\d+)?)[ \u00A0-]?([a-z]+(?: (?:ft|feet|foot|inch|inches|fahrenheit|f))?)$"#,
        options: .caseInsensitive)

    /// Spelled-out US units and their ICU units (degrees are Fahrenheit, as a US business writes them).
    private static let measureUnits: [String: String] = [
        "degree": "temperature-fahrenheit", "degrees": "temperature-fahrenheit",
        "degrees f": "temperature-fahrenheit", "degrees fahrenheit": "temperature-fahrenheit",
        "gallon": "volume-gallon", "gallons": "volume-gallon",
        "pound": "mass-pound", "pounds": "mass-pound", "lb": "mass-pound", "lbs": "mass-pound",
        "ounce": "mass-ounce", "ounces": "mass-ounce",
        "inch": "length-inch", "inches": "length-inch",
        "foot": "length-foot", "feet": "length-foot", "ft": "length-foot",
        "mile": "length-mile", "miles": "length-mile",
        "square feet": "area-square-foot", "square foot": "area-square-foot", "sq ft": "area-square-foot",
    ]

    private func measure(_ text: String) -> String? {
        guard let groups = Self.groups(of: Self.measurePattern, in: text),
              let value = groups[0].flatMap({ Double($0) }),
              let unit = groups[1].flatMap({ Self.measureUnits[$0.lowercased()] })
        else { return nil }
        return ICU.formattedNumber(value, skeleton: "measure-unit/\(unit) unit-width-full-name", language: target.identifier)
    }

    // MARK: - Helpers

    /// The capture groups of a whole-text match, nil for a group that did not take part.
    private static func groups(of expression: NSRegularExpression, in text: String) -> [String?]? {
        let ns = text as NSString
        guard let match = expression.firstMatch(in: text, range: NSRange(location: 0, length: ns.length)) else { return nil }
        return (1..<match.numberOfRanges).map { index in
            let range = match.range(at: index)
            return range.location == NSNotFound ? nil : ns.substring(with: range)
        }
    }
}
