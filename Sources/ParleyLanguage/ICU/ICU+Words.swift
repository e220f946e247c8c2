internal import CICU

extension ICU {
    /// One segment of text found by ICU's word break rules.
    public struct WordSegment: Sendable, Hashable {
        /// What ICU's rules say the segment holds.
        public enum Kind: Sendable, Hashable {
            /// Spaces, punctuation, symbols and emoji.
            case other
            /// A number.
            case number
            /// Letters (an alphabetic or syllabic word).
            case letters
            /// Japanese kana.
            case kana
            /// Ideographs (Han), segmented with ICU's dictionary.
            case ideographs
        }

        /// The segment's range in UTF-16 code units of the analysed text.
        public var utf16Range: Range<Int>
        /// What the segment holds.
        public var kind: Kind

        /// Whether the segment is a word (letters, kana or ideographs).
        public var isWord: Bool { kind == .letters || kind == .kana || kind == .ideographs }
    }

    /// Splits UTF-16 text into ICU word-break segments (root locale rules; dictionary segmentation for
    /// Chinese, Japanese and Thai).
    public static func wordSegments(utf16 units: [UInt16]) -> [WordSegment] {
        if units.isEmpty { return [] }
        var capacity = units.count / 2 + 4
        while true {
            var starts = [Int32](repeating: 0, count: capacity)
            var ends = [Int32](repeating: 0, count: capacity)
            var statuses = [Int32](repeating: 0, count: capacity)
            var error: Int32 = 0
            let count = Int(units.withUnsafeBufferPointer { text in
                parley_icu_words(text.baseAddress, Int32(text.count), &starts, &ends, &statuses,
                                 Int32(capacity), &error)
            })
            guard error <= 0 else { return [] }
            if count > capacity {
                capacity = count
                continue
            }
            return (0..<count).map { index in
                WordSegment(utf16Range: Int(starts[index])..<Int(ends[index]), kind: WordSegment.Kind(status: statuses[index]))
            }
        }
    }

    /// Splits a text into ICU word-break segments, each with its text.
    public static func wordSegments(in text: String) -> [(text: String, kind: WordSegment.Kind)] {
        let units = Array(text.utf16)
        return wordSegments(utf16: units).map {
            (String(decoding: units[$0.utf16Range], as: UTF16.self), $0.kind)
        }
    }
}

extension ICU.WordSegment.Kind {
    /// Maps an ICU word-break rule status (UWordBreak ranges) to a kind.
    init(status: Int32) {
        switch status {
        case 100..<200: self = .number
        case 200..<300: self = .letters
        case 300..<400: self = .kana
        case 400..<500: self = .ideographs
        default: self = .other
        }
    }
}

extension ICU {
    /// Splits a text into sentences with ICU's sentence break rules; each piece keeps its trailing
    /// spaces, so joining the pieces gives the text back exactly.
    public static func sentences(in text: String) -> [String] {
        let units = Array(text.utf16)
        if units.isEmpty { return [] }
        var capacity = units.count / 16 + 4
        while true {
            var ends = [Int32](repeating: 0, count: capacity)
            var error: Int32 = 0
            let count = Int(units.withUnsafeBufferPointer {
                parley_icu_sentences($0.baseAddress, Int32($0.count), &ends, Int32(capacity), &error)
            })
            guard error <= 0 else { return [text] }
            if count > capacity {
                capacity = count
                continue
            }
            var start = 0
            return (0..<count).map { index in
                let end = Int(ends[index])
                defer { start = end }
                return String(decoding: units[start..<end], as: UTF16.self)
            }
        }
    }
}
