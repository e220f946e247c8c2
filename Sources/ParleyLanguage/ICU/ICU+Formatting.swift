internal import CICU

extension ICU {
    /// A time of day in a language's convention, or nil when ICU has no data for the language.
    ///
    /// A 12-hour time keeps its 12-hour clock where the language's region allows one (CLDR time data:
    /// `es` "8:30 a. m.", `zh` "上午8:30") and becomes a 24-hour time elsewhere (`fr`, `de`, `pt-BR`
    /// "08:30"); a 24-hour time stays on the 24-hour clock.
    /// - Parameters:
    ///   - hour: the hour, 0-23.
    ///   - minute: the minute, 0-59.
    ///   - twelveHour: whether the source wrote a 12-hour time (with AM/PM).
    ///   - withMinutes: false to leave out the minutes of a 12-hour time ("4 p. m." for "4pm").
    ///   - language: a BCP 47 tag.
    public static func formattedTime(
        hour: Int, minute: Int, twelveHour: Bool, withMinutes: Bool = true, language: String
    ) -> String? {
        guard (0...23).contains(hour), (0...59).contains(minute), isTagLike(language) else { return nil }
        return formatted { out, capacity, error in
            parley_icu_format_time(
                language, Int32(hour), Int32(minute), twelveHour ? 1 : 0, withMinutes ? 1 : 0, out, capacity, error)
        }
    }

    /// A calendar date in a language's convention for the fields of a date skeleton, or nil when ICU
    /// has no data for the language or the date does not exist.
    ///
    /// The skeleton names the fields, not their order: `MMMMd` gives `es` "5 de marzo", `EEEEMMMMd`
    /// "martes, 5 de marzo", `Md` "15/3", `yMd` "15/3/2026".
    /// - Parameters:
    ///   - skeleton: an ICU date skeleton (ASCII letters).
    ///   - year: the year (it decides the weekday even when the skeleton leaves it out).
    ///   - month: the month, 1-12.
    ///   - day: the day of the month.
    ///   - language: a BCP 47 tag.
    public static func formattedDate(skeleton: String, year: Int, month: Int, day: Int, language: String) -> String? {
        guard (1...12).contains(month), (1...31).contains(day), (1...9999).contains(year),
              !skeleton.isEmpty, skeleton.utf8.count < 32, skeleton.unicodeScalars.allSatisfy(\.properties.isAlphabetic),
              skeleton.unicodeScalars.allSatisfy(\.isASCII), isTagLike(language)
        else { return nil }
        return formatted { out, capacity, error in
            parley_icu_format_date(language, skeleton, Int32(year), Int32(month), Int32(day), out, capacity, error)
        }
    }

    /// A number formatted with an ICU number skeleton, or nil when ICU has no data for the language
    /// or cannot read the skeleton.
    ///
    /// `measure-unit/duration-hour unit-width-full-name` formats 2 as `es` "2 horas", 1.5 as "1,5 horas".
    /// - Parameters:
    ///   - value: the number.
    ///   - skeleton: an ICU number skeleton.
    ///   - language: a BCP 47 tag.
    public static func formattedNumber(_ value: Double, skeleton: String, language: String) -> String? {
        guard value.isFinite, skeleton.utf8.count < 200, !skeleton.utf8.contains(0), isTagLike(language) else { return nil }
        return formatted { out, capacity, error in
            parley_icu_format_number(language, skeleton, value, out, capacity, error)
        }
    }

    /// Calls a formatting function with a UTF-16 buffer, once more with a larger one when it was too small.
    private static func formatted(
        _ body: (UnsafeMutablePointer<UInt16>?, Int32, UnsafeMutablePointer<Int32>?) -> Int32
    ) -> String? {
        var capacity = 64
        for _ in 0..<2 {
            var buffer = [UInt16](repeating: 0, count: capacity)
            var error: Int32 = 0
            let length = buffer.withUnsafeMutableBufferPointer { body($0.baseAddress, Int32($0.count), &error) }
            if error == PARLEY_ICU_BUFFER_OVERFLOW {
                capacity = Int(length) + 1
                continue
            }
            guard error <= 0, length > 0, Int(length) <= capacity else { return nil }
            return String(decoding: buffer[..<Int(length)], as: UTF16.self)
        }
        return nil
    }

    /// Whether a text can be a BCP 47 tag at all (short, printable ASCII); ICU checks the rest.
    private static func isTagLike(_ language: String) -> Bool {
        !language.isEmpty && language.utf8.count < 100 && language.utf8.allSatisfy { $0 > 32 && $0 < 127 }
    }
}
