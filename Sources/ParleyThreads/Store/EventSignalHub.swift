internal import Synchronization

/// Hands each commit's events to every open ``ThreadStore/eventSignals()`` stream.
///
/// The hub is live once it can promise that no later commit goes unsignalled: at once for SQLite,
/// once the `LISTEN` is in place for PostgreSQL. A stream that starts while the hub is live gets
/// ``EventSignal/live(latest:complete:)`` first; streams waiting for the hub get it when the hub
/// goes live. A stream whose reader lags so far that its buffer fills loses the commits that do not
/// fit, and gets ``EventSignal/live(latest:complete:)`` again as soon as there is room, so it reads
/// the store instead of missing them.
final class EventSignalHub: Sendable {
    private struct Subscriber {
        var continuation: AsyncStream<EventSignal>.Continuation
        /// Whether a commit was dropped for want of room, and the reader must be told to read the store.
        var lost = false
    }

    private struct State {
        var subscribers: [Int: Subscriber] = [:]
        var nextSubscriber = 0
        /// The newest identifier known while live; nil while not live.
        var latest: Int64?
        var finished = false
    }

    /// Whether commits from other processes are signalled too.
    let complete: Bool
    /// The most signals a stream buffers.
    let bufferLimit: Int
    private let state = Mutex(State())

    /// - Parameters:
    ///   - complete: whether commits by other processes arrive too (PostgreSQL) or only this one's.
    ///   - bufferLimit: the most signals a stream buffers before it is told to read the store.
    init(complete: Bool, bufferLimit: Int = 1_024) {
        self.complete = complete
        self.bufferLimit = max(2, bufferLimit)
    }

    /// A new stream; it starts with ``EventSignal/live(latest:complete:)`` from `initial` when
    /// given, or with the newest known identifier when the hub is live.
    ///
    /// `initial` runs in a task of its own, so subscribing never blocks the caller's thread; a commit
    /// signalled meanwhile may arrive before it.
    /// - Parameters:
    ///   - initial: reads the newest event identifier, after the stream was registered.
    func subscribe(initial: (@Sendable () async -> Int64?)? = nil) -> AsyncStream<EventSignal> {
        let (stream, continuation) = AsyncStream.makeStream(of: EventSignal.self, bufferingPolicy: .bufferingOldest(bufferLimit))
        let complete = self.complete
        let id: Int? = state.withLock { state in
            guard !state.finished else { return nil }
            let id = state.nextSubscriber
            state.nextSubscriber += 1
            state.subscribers[id] = Subscriber(continuation: continuation)
            if initial == nil, let latest = state.latest { continuation.yield(.live(latest: latest, complete: complete)) }
            return id
        }
        guard let id else {
            continuation.finish()
            return stream
        }
        let reading = initial.map { initial in
            Task {
                if let latest = await initial() { continuation.yield(.live(latest: latest, complete: complete)) }
            }
        }
        continuation.onTermination = { [weak self] _ in
            reading?.cancel()
            _ = self?.state.withLock { $0.subscribers.removeValue(forKey: id) }
        }
        return stream
    }

    /// Signals a commit's events to every stream.
    /// - Parameters:
    ///   - events: the events the commit wrote, in identifier order.
    func publish(_ events: [ThreadEvent]) {
        guard let newest = events.map(\.id).max() else { return }
        state.withLock { state in
            if let latest = state.latest { state.latest = max(latest, newest) }
            let latest = state.latest ?? newest
            for key in state.subscribers.keys {
                Self.send(.committed(events), latest: latest, complete: complete, to: &state.subscribers[key]!)
            }
        }
    }

    /// Marks the hub live, and tells every stream to read the store from where it is sure.
    /// - Parameters:
    ///   - latest: the newest event identifier, read after signals started to flow.
    func goLive(latest: Int64) {
        state.withLock { state in
            let latest = max(state.latest ?? latest, latest)
            state.latest = latest
            for key in state.subscribers.keys {
                let result = state.subscribers[key]!.continuation.yield(.live(latest: latest, complete: complete))
                if case .dropped = result { state.subscribers[key]!.lost = true } else { state.subscribers[key]!.lost = false }
            }
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
            return state.subscribers.values.map(\.continuation)
        }
        for continuation in subscribers { continuation.finish() }
    }

    /// Sends a signal, or notes that it was lost; a stream that lost one is told to read the store
    /// (``EventSignal/live(latest:complete:)``) before it gets anything else.
    private static func send(_ signal: EventSignal, latest: Int64, complete: Bool, to subscriber: inout Subscriber) {
        if subscriber.lost {
            guard case .enqueued = subscriber.continuation.yield(.live(latest: latest, complete: complete)) else { return }
            subscriber.lost = false
            // The store read the reader now makes covers this commit too.
            return
        }
        if case .dropped = subscriber.continuation.yield(signal) { subscriber.lost = true }
    }
}
