/// Request latencies in whole microseconds, as counts per value: what wrk's `done()` hands its
/// script, merged over several runs. Percentiles follow wrk's own rule, so one run's figures are
/// the ones `wrk --latency` would print.
struct LatencyHistogram: Equatable {
    /// How many requests took each number of microseconds.
    private(set) var counts: [Int: Int] = [:]

    /// How many latencies are recorded.
    var total: Int { counts.values.reduce(0, +) }

    /// Records `count` requests that took `microseconds`.
    mutating func record(_ microseconds: Int, count: Int = 1) {
        guard count > 0 else { return }
        counts[microseconds, default: 0] += count
    }

    /// Adds another histogram's counts to this one.
    mutating func merge(_ other: LatencyHistogram) {
        counts.merge(other.counts, uniquingKeysWith: +)
    }

    /// The latency at percentile `p` (0…100) in microseconds, nil when empty: the smallest value
    /// whose cumulative count reaches the rank `round(p / 100 × total + 0.5)`, as wrk's `stats_percentile`.
    func percentile(_ p: Double) -> Int? {
        let total = total
        guard total > 0 else { return nil }
        let rank = min(total, max(1, Int((p / 100 * Double(total) + 0.5).rounded())))
        var seen = 0
        for value in counts.keys.sorted() {
            seen += counts[value]!
            if seen >= rank { return value }
        }
        return counts.keys.max()
    }
}
