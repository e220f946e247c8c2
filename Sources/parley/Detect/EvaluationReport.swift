import Foundation
import ParleyLanguage

/// The text `parley detect --eval` prints: accuracy per language and length bucket, macro averages.
struct EvaluationReport {
    let evaluation: DetectionEvaluation
    let misses: Int

    var text: String {
        let buckets = DetectionEvaluation.Bucket.allCases.filter { evaluation.macroAverage($0) != nil }
        var lines: [String] = []
        let header = ["lang".padding(toLength: 8, withPad: " ", startingAt: 0), "all".leftPadded(7)]
            + buckets.map { $0.rawValue.leftPadded(9) } + ["n".leftPadded(6)]
        lines.append(header.joined())
        for language in evaluation.byLanguage.keys.sorted() {
            let tally = evaluation.byLanguage[language]!
            var row = [language.padding(toLength: 8, withPad: " ", startingAt: 0), Self.percent(tally.percent).leftPadded(7)]
            row += buckets.map { Self.percent(evaluation.byLanguageAndBucket[language]?[$0]?.percent).leftPadded(9) }
            row.append(String(tally.total).leftPadded(6))
            lines.append(row.joined())
        }
        var macro = ["macro".padding(toLength: 8, withPad: " ", startingAt: 0), Self.percent(evaluation.macroAverage).leftPadded(7)]
        macro += buckets.map { Self.percent(evaluation.macroAverage($0)).leftPadded(9) }
        lines.append(macro.joined())
        lines.append("micro average: \(Self.percent(evaluation.microAverage))  (zh-Hans and zh-Hant count as zh)")
        lines.append("calibration error: \(Self.percent(evaluation.calibrationError)) (expected |confidence − accuracy|, %)")
        for miss in evaluation.misses.prefix(misses) {
            lines.append("miss\t\(miss.sample.language)\t\(miss.guess.language)\t\(String(format: "%.2f", miss.guess.confidence))\t\(miss.sample.text)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func percent(_ value: Double?) -> String {
        value.map { String(format: "%.1f", $0) } ?? "-"
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
