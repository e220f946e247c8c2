import Foundation
import Synchronization

/// A wall clock that moves only when told to.
final class TestClock: Sendable {
    private let seconds: Mutex<Double>

    init(_ seconds: Double = 1_700_000_000) { self.seconds = Mutex(seconds) }

    var now: @Sendable () -> Date { { Date(timeIntervalSince1970: self.seconds.withLock { $0 }) } }
    var epoch: @Sendable () -> Double { { self.seconds.withLock { $0 } } }
    var date: Date { now() }

    func advance(by seconds: Double) { self.seconds.withLock { $0 += seconds } }
}
