public import Foundation
internal import Synchronization

/// A wall clock that moves only when told to, for stores and workflows whose time a test sets.
public final class TestClock: Sendable {
    private let seconds: Mutex<Double>

    /// - Parameters:
    ///   - seconds: the time it shows, in seconds since 1970.
    public init(_ seconds: Double = 1_700_000_000) { self.seconds = Mutex(seconds) }

    /// The time it shows, as a clock closure for a store.
    public var now: @Sendable () -> Date { { Date(timeIntervalSince1970: self.seconds.withLock { $0 }) } }
    /// The time it shows in seconds since 1970, as a clock closure for a cache store.
    public var epoch: @Sendable () -> Double { { self.seconds.withLock { $0 } } }
    /// The time it shows.
    public var date: Date { now() }

    /// Moves it forward.
    public func advance(by seconds: Double) { self.seconds.withLock { $0 += seconds } }
}
