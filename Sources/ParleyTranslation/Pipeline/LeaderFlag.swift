internal import Synchronization

/// Set by the one caller whose work a ``RequestCoalescer`` ran, so that caller can tell it was not
/// a follower.
final class LeaderFlag: Sendable {
    private let marked = Atomic<Bool>(false)

    func mark() { marked.store(true, ordering: .relaxed) }

    var isMarked: Bool { marked.load(ordering: .relaxed) }
}
