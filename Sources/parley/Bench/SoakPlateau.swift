/// Whether a quantity sampled over a long run levels off: the mean of the run's last third
/// against its middle third (the first third is warm-up), and the least-squares trend over the
/// second half.
struct SoakPlateau: Equatable {
    /// The first sample's value.
    var first: Double
    /// The mean of the middle third of the samples.
    var middleMean: Double
    /// The mean of the last third of the samples.
    var lastMean: Double
    /// The trend of the second half, per 10 minutes.
    var trendPerTenMinutes: Double

    /// How much the last third is above the middle third.
    var growth: Double { lastMean - middleMean }

    /// Judges samples of (minutes since the start, value); nil for fewer than 6 samples.
    init?(_ samples: [(minutes: Double, value: Double)]) {
        guard samples.count >= 6 else { return nil }
        let third = samples.count / 3
        func mean(_ part: ArraySlice<(minutes: Double, value: Double)>) -> Double {
            part.map(\.value).reduce(0, +) / Double(part.count)
        }
        first = samples[0].value
        middleMean = mean(samples[third..<(2 * third)])
        lastMean = mean(samples[(2 * third)...])
        trendPerTenMinutes = Self.slope(Array(samples[(samples.count / 2)...])) * 10
    }

    /// True when the last third is within `max(tolerance, share × the middle third)` of the middle
    /// third and the second half's trend is at most `trend` per 10 minutes.
    func isPlateau(tolerance: Double, share: Double, trend: Double) -> Bool {
        growth <= max(tolerance, share * middleMean) && trendPerTenMinutes <= trend
    }

    /// The least-squares slope of value over minutes.
    static func slope(_ points: [(minutes: Double, value: Double)]) -> Double {
        let n = Double(points.count)
        guard n >= 2 else { return 0 }
        let meanX = points.map(\.minutes).reduce(0, +) / n
        let meanY = points.map(\.value).reduce(0, +) / n
        let covariance = points.reduce(0) { $0 + ($1.minutes - meanX) * ($1.value - meanY) }
        let variance = points.reduce(0) { $0 + ($1.minutes - meanX) * ($1.minutes - meanX) }
        return variance > 0 ? covariance / variance : 0
    }
}
