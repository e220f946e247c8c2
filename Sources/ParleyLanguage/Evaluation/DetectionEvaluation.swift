/// Accuracy of a detector on a labelled set, per language and per length bucket.
///
/// The set is a TSV file with a header `lang<TAB>text`; `zh-Hans` and `zh-Hant` both count as `zh`
/// (the script is a separate question from the language).
public struct DetectionEvaluation: Sendable {
    /// A length bucket, in Unicode scalars.
    public enum Bucket: String, Sendable, CaseIterable, Comparable {
        case short = "≤20"
        case medium = "21–60"
        case long = "61–160"
        case longer = ">160"

        init(length: Int) {
            switch length {
            case ...20: self = .short
            case 21...60: self = .medium
            case 61...160: self = .long
            default: self = .longer
            }
        }

        public static func < (lhs: Bucket, rhs: Bucket) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }

    /// One labelled text.
    public struct Sample: Sendable {
        public var language: LanguageTag
        public var text: String

        public init(language: LanguageTag, text: String) {
            self.language = language
            self.text = text
        }
    }

    /// Correct and total counts.
    public struct Tally: Sendable, Hashable {
        public var correct = 0
        public var total = 0
        /// Accuracy in percent; nil when empty.
        public var percent: Double? { total == 0 ? nil : 100 * Double(correct) / Double(total) }
    }

    /// A wrong answer, for inspection.
    public struct Miss: Sendable {
        public var sample: Sample
        public var guess: LanguageGuess
    }

    public private(set) var byLanguage: [String: Tally] = [:]
    public private(set) var byLanguageAndBucket: [String: [Bucket: Tally]] = [:]
    public private(set) var misses: [Miss] = []
    /// Each detection's confidence and whether it was right, for calibration.
    private var outcomes: [(confidence: Double, correct: Bool)] = []

    /// Reads a `lang<TAB>text` file's contents.
    /// - Throws: `LanguageDetectionError` naming the line of a malformed row.
    public static func samples(fromTSV contents: String) throws(LanguageDetectionError) -> [Sample] {
        var samples: [Sample] = []
        // Lines end in LF or CR LF (Swift reads CR LF as one character, so split on newlines).
        for (index, row) in contents.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            if row.isEmpty || (index == 0 && row.hasPrefix("lang\t")) { continue }
            let fields = row.split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false)
            guard fields.count == 2, let tag = LanguageTag(String(fields[0])) else {
                throw LanguageDetectionError(
                    "line \(index + 1): expected 'lang<TAB>text' with a BCP 47 tag, found '\(row.prefix(60))'")
            }
            samples.append(Sample(language: tag, text: String(fields[1])))
        }
        return samples
    }

    /// Runs the detector over the samples.
    public init(samples: [Sample], detector: LanguageDetector) {
        for sample in samples {
            let guess = detector.detect(sample.text)
            let expected = Self.scoringKey(sample.language)
            let correct = Self.scoringKey(guess.language) == expected
            let bucket = Bucket(length: sample.text.unicodeScalars.count)
            byLanguage[expected, default: Tally()].record(correct)
            byLanguageAndBucket[expected, default: [:]][bucket, default: Tally()].record(correct)
            if !correct { misses.append(Miss(sample: sample, guess: guess)) }
            outcomes.append((guess.confidence, correct))
        }
    }

    /// The mean of the per-language accuracies, in percent.
    public var macroAverage: Double { Self.mean(byLanguage.values.compactMap(\.percent)) }

    /// The mean over languages of the accuracy within one length bucket.
    public func macroAverage(_ bucket: Bucket) -> Double? {
        let values = byLanguageAndBucket.values.compactMap { $0[bucket]?.percent }
        return values.isEmpty ? nil : Self.mean(values)
    }

    /// All samples' accuracy, in percent.
    public var microAverage: Double {
        let total = byLanguage.values.reduce(into: Tally()) { $0.correct += $1.correct; $0.total += $1.total }
        return total.percent ?? 0
    }

    /// Expected calibration error in percent: how far confidence is from accuracy, averaged over ten
    /// confidence bins weighted by their size (0 is perfectly calibrated).
    public var calibrationError: Double {
        guard !outcomes.isEmpty else { return 0 }
        var bins = [(confidence: Double, correct: Double, count: Double)](repeating: (0, 0, 0), count: 10)
        for outcome in outcomes {
            let bin = min(9, Int(outcome.confidence * 10))
            bins[bin].confidence += outcome.confidence
            bins[bin].correct += outcome.correct ? 1 : 0
            bins[bin].count += 1
        }
        let error = bins.reduce(0.0) { $0 + abs($1.confidence - $1.correct) }
        return 100 * error / Double(outcomes.count)
    }

    /// The language a tag scores as: `zh-Hans` and `zh-Hant` are both `zh`.
    static func scoringKey(_ tag: LanguageTag) -> String {
        tag.language == "zh" ? "zh" : tag.identifier
    }

    private static func mean(_ values: [Double]) -> Double {
        values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
    }
}

extension DetectionEvaluation.Tally {
    mutating func record(_ correct: Bool) {
        total += 1
        if correct { self.correct += 1 }
    }
}
