internal import Synchronization

/// Hands newly committed event identifiers to every open ``ThreadStore/eventSignals()`` stream.
///
/// The hub is live once it can promise that no later commit goes unsignalled: at once for SQLite,
/// once the `LISTEN` is in place for PostgreSQL. A stream that starts while the hub is live gets the
/// newest known identifier first; streams waiting for the hub get it when the hub goes live.
final class EventSignalHub: Sendable {
    private struct State {
        var subscribers: [Int: AsyncStream<Int64>.Continuation] = [:]
        var nextSubscriber = 0
        /// The newest identifier known while live; nil while not live.
        var latest: Int64?
        var finished = false
    }

    private let state = Mutex(State())

    /// A new stream; it starts with `initial` when given, or with the newest known identifier when the
    /// hub is live.
    ///
    /// `initial` runs in a task of its own, so subscribing never blocks the caller's thread; a commit
    /// signalled meanwhile may arrive before it (elements are hints, in any order).
    /// - Parameters:
    ///   - initial: reads the newest event identifier, after the stream was registered.
    func subscribe(initial: (@Sendable () async -> Int64?)? = nil) -> AsyncStream<Int64> {
        let (stream, continuation) = AsyncStream.makeStream(of: Int64.self, bufferingPolicy: .bufferingNewest(256))
        let id: Int? = state.withLock { state in
            guard !state.finished else { return nil }
            let id = state.nextSubscriber
            state.nextSubscriber += 1
            state.subscribers[id] = continuation
            if initial == nil, let latest = state.latest { continuation.yield(latest) }
            return id
        }
        guard let id else {
            continuation.finish()
            return stream
        }
        let reading = initial.map { initial in
            Task {
                if let latest = await initial() { continuation.yield(latest) }
            }
        }
        continuation.onTermination = { [weak self] _ in
            reading?.cancel()
            _ = self?.state.withLock { $0.subscribers.removeValue(forKey: id) }
        }
        return stream
    }

    /// Signals a committed event to every stream.
    /// - Parameters:
    ///   - id: the newest identifier the commit wrote.
    func publish(_ id: Int64) {
        state.withLock { state in
            if state.latest != nil { state.latest = max(state.latest ?? id, id) }
            for continuation in state.subscribers.values { continuation.yield(id) }
        }
    }

    /// Marks the hub live, and sends the newest identifier to every stream.
    /// - Parameters:
    ///   - latest: the newest event identifier, read after signals started to flow.
    func goLive(latest: Int64) {
        state.withLock { state in
            state.latest = max(state.latest ?? latest, latest)
            for continuation in state.subscribers.values { continuation.yield(latest) }
        }
    }

    /// Marks the hub not live, e.g. while a lost `LISTEN` connection is replaced.
    func pause() {
        state.withLock { $0.latest = nil }
    }

    /// Ends every stream; later ones end at once.
    func finish() {
        let subscribers = state.withLock { state in
            state.finished = true
            defer { state.subscribers = [:] }
            return state.subscribers.values
        }
        for continuation in subscribers { continuation.finish() }
    }
}
