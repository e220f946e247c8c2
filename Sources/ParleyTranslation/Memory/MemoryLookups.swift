internal import Synchronization

/// The translation memory's answers for replies looked up before, so a reply previewed again (or
/// sent after its preview) is not split, protected and matched sentence by sentence again.
///
/// A lookup depends only on the reply, the memory index and the glossaries, so each is part of the
/// key: an edited memory builds a new index (a new ``MemoryIndex/generation``) and an edited
/// glossary a new version, and older answers are simply not asked for again. Shared by a pipeline
/// and its copies (``TranslationPipeline/using(_:)``); it keeps the most recent `capacity` replies.
final class MemoryLookups: Sendable {
    struct Key: Hashable {
        var generation: UInt64
        var glossary: String
        var text: String
    }

    private struct State {
        var pieces: [Key: [MemoryPiece]] = [:]
        var order: [Key] = []
        var oldest = 0
    }

    private let capacity: Int
    private let state = Mutex(State())

    /// - Parameters:
    ///   - capacity: how many replies' answers are kept.
    init(capacity: Int = 1_024) {
        self.capacity = max(1, capacity)
    }

    /// The pieces recorded for `key`, or those `split` makes, which are recorded.
    func pieces(for key: Key, split: () -> [MemoryPiece]) -> [MemoryPiece] {
        if let known = state.withLock({ $0.pieces[key] }) { return known }
        let pieces = split()
        state.withLock { state in
            guard state.pieces.updateValue(pieces, forKey: key) == nil else { return }
            if state.order.count < capacity {
                state.order.append(key)
            } else {
                // A ring: the oldest key makes room.
                state.pieces[state.order[state.oldest]] = nil
                state.order[state.oldest] = key
                state.oldest = (state.oldest + 1) % capacity
            }
        }
        return pieces
    }

    /// How many replies' answers are kept now.
    var count: Int { state.withLock { $0.pieces.count } }
}
