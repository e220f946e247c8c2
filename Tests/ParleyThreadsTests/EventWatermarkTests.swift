import ParleyThreads
import Testing

/// The resume point of a reader whose events may arrive out of identifier order, on an injected
/// clock (instants moved by hand; nothing waits).
@Suite struct EventWatermarkTests {
    let start = ContinuousClock.now

    /// Records an event; a function, since `#expect` cannot call a mutating method.
    func record(_ watermark: inout EventWatermark, _ id: Int64, at now: ContinuousClock.Instant) -> Bool {
        watermark.record(id, at: now)
    }

    @Test func inOrderEventsMoveItAlong() {
        var watermark = EventWatermark(start: 10, patience: .seconds(30))
        for id in Int64(11)...15 { #expect(record(&watermark, id, at: start) == true) }
        #expect(watermark.safe == 15)
        #expect(!watermark.isWaiting)
        // The same commit read from the store and then signalled: the second is a repeat, though
        // the watermark has moved past it.
        #expect(record(&watermark, 13, at: start) == false)
    }

    @Test func aGapHoldsItUntilTheMissingEventArrives() {
        var watermark = EventWatermark(start: 10, patience: .seconds(30))
        #expect(record(&watermark, 12, at: start) == true)
        #expect(record(&watermark, 13, at: start) == true)
        #expect(watermark.safe == 10 && watermark.newest == 13 && watermark.isWaiting)
        // A repeat of one seen above the gap is recognised; time within patience changes nothing.
        #expect(record(&watermark, 13, at: start) == false)
        watermark.advance(at: start + .seconds(29))
        #expect(watermark.safe == 10)
        // The missing one arrives: everything up to the newest is safe.
        #expect(record(&watermark, 11, at: start + .seconds(29)) == true)
        #expect(watermark.safe == 13 && !watermark.isWaiting)
    }

    @Test func aGapIsGivenUpAfterPatienceAndALateArrivalStillCounts() {
        var watermark = EventWatermark(start: 10, patience: .seconds(30))
        #expect(record(&watermark, 14, at: start) == true)
        // Seen later, above the same gap: given up with it.
        #expect(record(&watermark, 16, at: start + .seconds(10)) == true)
        watermark.advance(at: start + .seconds(30))
        #expect(watermark.safe == 14, "ids 11-13 given up; 15 is a newer gap, waited for from now")
        #expect(watermark.isWaiting)
        watermark.advance(at: start + .seconds(59))
        #expect(watermark.safe == 14)
        watermark.advance(at: start + .seconds(60))
        #expect(watermark.safe == 16 && !watermark.isWaiting)
        // A commit that lands after its id was given up is still new to the reader.
        #expect(record(&watermark, 12, at: start + .seconds(61)) == true)
        #expect(watermark.safe == 16)
    }
}
