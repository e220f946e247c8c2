import Testing

@testable import parley

/// How `parley bench soak` judges whether memory levels off. Behaviour only; nothing here is timed.
@Suite struct SoakPlateauTests {
    /// Samples every minute for `minutes` minutes.
    private func samples(_ minutes: Int, _ value: (Double) -> Double) -> [(minutes: Double, value: Double)] {
        (0...minutes).map { (Double($0), value(Double($0))) }
    }

    @Test func aFlatRunAfterWarmUpIsAPlateau() throws {
        // Grows for the first five minutes (caches filling), then stays with a little noise.
        let run = try #require(SoakPlateau(samples(30) { $0 < 5 ? 70 + 3 * $0 : 85 + ($0.truncatingRemainder(dividingBy: 2) == 0 ? 0.4 : -0.4) }))
        #expect(abs(run.growth) < 0.5)
        #expect(abs(run.trendPerTenMinutes) < 0.5)
        #expect(run.isPlateau(tolerance: 2, share: 0.03, trend: 1))
        #expect(run.first == 70)
    }

    @Test func steadyGrowthIsNotAPlateauEvenWhenSmall() throws {
        // 0.3 MiB a minute: 3 MiB per 10 min, a leak that a short run would hide.
        let run = try #require(SoakPlateau(samples(30) { 80 + 0.3 * $0 }))
        #expect(abs(run.trendPerTenMinutes - 3) < 1e-9)
        #expect(!run.isPlateau(tolerance: 2, share: 0.03, trend: 1))
    }

    @Test func aStepUpLateInTheRunIsNotAPlateau() throws {
        let run = try #require(SoakPlateau(samples(30) { $0 < 25 ? 80 : 90 }))
        #expect(run.growth > 2)
        #expect(!run.isPlateau(tolerance: 2, share: 0.03, trend: 1))
    }

    @Test func fewerThanSixSamplesAreNotJudged() {
        #expect(SoakPlateau(samples(4) { $0 }) == nil)
        #expect(SoakPlateau(samples(5) { $0 }) != nil)
    }
}
