/// Where a reader of events can resume without missing any: the highest identifier at or below
/// which every event was seen, or given up for lost.
///
/// On a store several replicas share, event identifiers come from a sequence that no lock orders
/// with commits, so a commit may become visible after one with a higher identifier. A reader that
/// resumed from "the newest event I saw" could then miss the lower one. The watermark stays below
/// such a gap until the missing event arrives, or until `patience` has passed: a transaction that
/// holds an identifier that long was ended by the database (its idle and lock time limits), or
/// rolled back, and the identifier will never be used.
///
/// ```swift
/// var watermark = EventWatermark(start: latest, patience: .seconds(30))
/// for event in events where watermark.record(event.id, at: .now) { deliver(event, resumeFrom: watermark.safe) }
/// watermark.advance(at: .now)
/// ```
public struct EventWatermark: Sendable {
    /// Every event at or below this identifier was seen or given up.
    public private(set) var safe: Int64
    /// How long a missing identifier below a seen one is waited for.
    public let patience: Duration
    /// Identifiers above ``safe`` that were seen.
    private var seen: Set<Int64> = []
    /// The identifiers seen most recently, oldest first, so one that comes again after ``safe``
    /// passed it (a store read and a signal of the same commit) is known as a repeat.
    private var recent: [Int64] = []
    private var recentSet: Set<Int64> = []
    /// How many recent identifiers are remembered.
    static let recentLimit = 4_096
    /// When the oldest gap still waited for was noticed, and the highest identifier seen then.
    private var gap: (since: ContinuousClock.Instant, bound: Int64)?

    /// - Parameters:
    ///   - start: the identifier at or below which the reader has what it needs.
    ///   - patience: how long a gap is waited for.
    public init(start: Int64, patience: Duration) {
        safe = start
        self.patience = patience
    }

    /// The highest identifier seen; at least ``safe``.
    public var newest: Int64 { seen.max() ?? safe }

    /// Whether gaps are waited for.
    public var isWaiting: Bool { !seen.isEmpty }

    /// Records an event.
    /// - Parameters:
    ///   - id: its identifier.
    ///   - now: the time, from the reader's clock.
    /// - Returns: false when it was seen already (a repeat, among the last 4,096 seen or above
    ///   ``safe``); true otherwise, including for an identifier at or below ``safe`` that arrives
    ///   late, after it was given up.
    public mutating func record(_ id: Int64, at now: ContinuousClock.Instant) -> Bool {
        guard recentSet.insert(id).inserted else { return false }
        recent.append(id)
        if recent.count > Self.recentLimit {
            let dropped = recent.prefix(recent.count - Self.recentLimit)
            recentSet.subtract(dropped)
            recent.removeFirst(dropped.count)
        }
        guard id > safe else { return true }
        guard seen.insert(id).inserted else { return false }
        consolidate(at: now)
        return true
    }

    /// Whether an identifier above ``safe`` was seen.
    public func hasSeen(_ id: Int64) -> Bool {
        seen.contains(id)
    }

    /// Gives up the gaps waited for longer than ``patience``.
    /// - Parameters:
    ///   - now: the time, from the reader's clock.
    public mutating func advance(at now: ContinuousClock.Instant) {
        guard let gap, now - gap.since >= patience else { return }
        safe = max(safe, gap.bound)
        seen = seen.filter { $0 > safe }
        self.gap = nil
        consolidate(at: now)
    }

    private mutating func consolidate(at now: ContinuousClock.Instant) {
        while seen.remove(safe + 1) != nil { safe += 1 }
        if seen.isEmpty {
            gap = nil
        } else if gap == nil || gap!.bound <= safe {
            gap = (now, seen.max() ?? safe)
        }
    }
}
