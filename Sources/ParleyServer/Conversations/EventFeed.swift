internal import ParleyMessaging
internal import Foundation
internal import Logging
internal import ParleyThreads
internal import ServiceLifecycle
internal import Synchronization

/// The one reader of the store's events in a process, shared by every open event stream.
///
/// A single task listens to ``ThreadStore/eventSignals()`` (and polls every `fallbackInterval` in
/// case a signal is missed), reads the new events once, loads each event's message or conversation
/// and the rep who owns the conversation's number once, and hands the prepared items to every open
/// ``Subscription`` in memory. Streams read the store themselves only for what came before they
/// opened (`Last-Event-ID`) and when they fall behind.
///
/// The feed never waits for a stream. Each subscription buffers at most `bufferLimit` items; one
/// that falls further behind drops its buffer and catches up by reading the store from the last
/// event it sent, then carries on with the live items, skipping those it already sent.
///
/// The feed starts with the first subscription, and stops when the last one ends or at graceful
/// shutdown.
final class EventFeed: Sendable {
    /// One event, ready to send.
    struct Item: Sendable {
        /// The event.
        var event: ThreadEvent
        /// The rep who owned the conversation's business number when the event was read; nil when
        /// unknown, and then only those who see everything get it.
        var repID: UUID?
        /// The server-sent event: its `id`, `event` and `data` lines and the blank line.
        var frame: String
    }

    /// The store the events come from.
    let store: any ThreadStore
    /// The longest wait for a store signal before the store is asked for new events anyway.
    let fallbackInterval: Duration
    /// The most items a subscription buffers before it catches up from the store instead.
    let bufferLimit: Int
    /// The most events one read returns.
    let pageSize: Int
    let logger: Logger

    private struct State {
        var subscriptions: [Int: Subscription] = [:]
        var nextID = 0
        /// The running feed and its wakeup; nil while nobody listens.
        var task: Task<Void, Never>?
        var wakeup: EventWakeup?
        /// Changes whenever the feed stops, so a stopped feed's late work is ignored.
        var generation = 0
        /// The newest event the running feed has handed out, or the newest at its start; nil until known.
        var cursor: Int64?
        /// The newest event identifier the store signalled.
        var signalled: Int64 = 0
    }

    private let state = Mutex(State())
    /// Each conversation's business number, which never changes; the number's rep is read again
    /// for each batch, since a number can be reassigned.
    private let numbers = Mutex<[UUID: UUID]>([:])

    /// Creates a feed; it starts with the first subscription.
    /// - Parameters:
    ///   - store: the store the events come from.
    ///   - fallbackInterval: the longest wait for a store signal before the store is read anyway.
    ///   - bufferLimit: the most items a subscription buffers.
    ///   - pageSize: the most events one read returns.
    ///   - logger: where read failures go.
    init(
        store: any ThreadStore,
        fallbackInterval: Duration = .seconds(1),
        bufferLimit: Int = 512,
        pageSize: Int = 100,
        logger: Logger = Logger(label: "parley.events")
    ) {
        self.store = store
        self.fallbackInterval = fallbackInterval
        self.bufferLimit = max(1, bufferLimit)
        self.pageSize = max(1, pageSize)
        self.logger = logger
    }

    /// The newest event the running feed has handed out, or the newest at its start; nil while the
    /// feed is stopped or starting.
    var cursor: Int64? { state.withLock { $0.cursor } }

    /// Opens a subscription, starting the feed if it is the first.
    /// - Parameters:
    ///   - identity: who listens: a rep gets only their own numbers' conversations.
    ///   - conversationID: only this conversation's events; nil for all.
    ///   - after: the last event the client saw (its backlog is read from the store); nil to start now.
    func subscribe(identity: Identity, conversationID: UUID? = nil, after: Int64?) -> Subscription {
        state.withLock { state in
            let subscription = Subscription(
                feed: self, id: state.nextID, repID: identity.seesEverything ? nil : identity.personID,
                conversationID: conversationID, after: after ?? state.cursor, catchUp: after != nil)
            state.nextID += 1
            state.subscriptions[subscription.id] = subscription
            if state.task == nil {
                let wakeup = EventWakeup()
                let generation = state.generation
                state.wakeup = wakeup
                state.task = Task { await self.run(generation: generation, wakeup: wakeup) }
            }
            return subscription
        }
    }

    /// Ends a subscription; the feed stops with the last one.
    fileprivate func remove(_ id: Int) {
        state.withLock { state in
            guard state.subscriptions.removeValue(forKey: id) != nil, state.subscriptions.isEmpty else { return }
            Self.stop(&state)
        }
    }

    /// Ends every subscription and stops the feed, e.g. at graceful shutdown.
    func shutdown() {
        let subscriptions = state.withLock { state in
            defer {
                state.subscriptions = [:]
                Self.stop(&state)
            }
            return Array(state.subscriptions.values)
        }
        for subscription in subscriptions { subscription.finish() }
    }

    private static func stop(_ state: inout State) {
        state.task?.cancel()
        state.wakeup?.signal()
        state.task = nil
        state.wakeup = nil
        state.cursor = nil
        state.signalled = 0
        state.generation += 1
    }

    // MARK: The feed's loop

    private func run(generation: Int, wakeup: EventWakeup) async {
        await withGracefulShutdownHandler {
            await loop(generation: generation, wakeup: wakeup)
        } onGracefulShutdown: {
            self.shutdown()
        }
    }

    private func loop(generation: Int, wakeup: EventWakeup) async {
        let signals = store.eventSignals()
        let listener = Task {
            for await id in signals {
                self.state.withLock { state in
                    if state.generation == generation { state.signalled = max(state.signalled, id) }
                }
                wakeup.signal()
            }
        }
        defer { listener.cancel() }
        // Where the feed starts: the newest event once the signals are live (their first element
        // says so; the fallback interval bounds the wait). Every later commit is signalled, or
        // found by the fallback poll.
        await wakeup.wait(atMost: fallbackInterval)
        var cursor: Int64
        while true {
            guard !Task.isCancelled else { return }
            do {
                cursor = try await store.latestEventID()
                break
            } catch {
                logger.info("Could not read the newest event", metadata: ["events.error": "\(error)"])
                await wakeup.wait(atMost: fallbackInterval)
            }
        }
        let started = state.withLock { state in
            guard state.generation == generation else { return false }
            state.cursor = cursor
            for subscription in state.subscriptions.values { subscription.begin(after: cursor) }
            return true
        }
        guard started else { return }
        var lastTick = ContinuousClock.now
        while !Task.isCancelled {
            let woken = await wakeup.wait(atMost: fallbackInterval)
            guard !Task.isCancelled else { return }
            // A signal for an event already handed out needs no read; a timeout always reads.
            let hinted = state.withLock { $0.signalled }
            if !woken || hinted > cursor {
                do {
                    while true {
                        let events = try await store.events(after: cursor, conversationIDs: nil, limit: pageSize)
                        guard let newest = events.last?.id else { break }
                        let items = await prepare(events)
                        let live = state.withLock { state in
                            guard state.generation == generation else { return false }
                            for subscription in state.subscriptions.values { subscription.deliver(items) }
                            state.cursor = newest
                            return true
                        }
                        guard live else { return }
                        cursor = newest
                        if events.count < pageSize { break }
                    }
                } catch {
                    logger.info("Could not read new events", metadata: ["events.error": "\(error)"])
                }
            }
            // Idle streams wake now and then to send their heartbeat.
            if ContinuousClock.now - lastTick >= fallbackInterval {
                lastTick = ContinuousClock.now
                for subscription in state.withLock({ Array($0.subscriptions.values) }) { subscription.tick() }
            }
        }
    }

    /// Loads each event's message (message events) or conversation (any other kind), and the rep who
    /// owns its conversation's number, and encodes it as a server-sent event.
    /// - Parameters:
    ///   - events: the events, oldest first.
    func prepare(_ events: [ThreadEvent]) async -> [Item] {
        var payloads: [EventsController.Payload] = []
        payloads.reserveCapacity(events.count)
        for event in events {
            var payload = EventsController.Payload(event: event)
            if let messageID = event.messageID {
                payload.message = try? await store.message(id: messageID)
            } else {
                payload.conversation = try? await store.conversation(id: event.conversationID)
            }
            payloads.append(payload)
        }
        // Each conversation's number: cached, or from the conversation loaded above, or read once.
        var numberOf = numbers.withLock { numbers in
            var known: [UUID: UUID] = [:]
            for event in events { known[event.conversationID] = numbers[event.conversationID] }
            return known
        }
        for payload in payloads {
            if let conversation = payload.conversation { numberOf[conversation.id] = conversation.numberID }
        }
        for conversationID in Set(events.map(\.conversationID)) where numberOf[conversationID] == nil {
            numberOf[conversationID] = try? await store.conversation(id: conversationID).numberID
        }
        numbers.withLock { numbers in
            if numbers.count > 50_000 { numbers.removeAll() }
            numbers.merge(numberOf) { _, new in new }
        }
        // Each number's rep, read once per batch.
        var repOf: [UUID: UUID] = [:]
        for numberID in Set(numberOf.values) {
            repOf[numberID] = try? await store.businessNumber(id: numberID).repID
        }
        return payloads.map { payload in
            let event = payload.event
            let data = (try? JSON.encoder.encode(payload)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
            return Item(
                event: event, repID: numberOf[event.conversationID].flatMap { repOf[$0] },
                frame: "id: \(event.id)\nevent: \(event.kind.rawValue)\ndata: \(data)\n\n")
        }
    }
}

extension EventFeed {
    /// One stream's view of the feed: the items it may see, from its start, each once and in order.
    final class Subscription: Sendable {
        /// What ``next()`` found.
        enum Next: Sendable {
            /// Events to send, oldest first.
            case items([Item])
            /// Nothing new for a while: time to check the heartbeat.
            case idle
            /// The subscription ended (graceful shutdown, or the stream went away).
            case finished
        }

        let feed: EventFeed
        let id: Int
        /// The rep whose numbers' conversations this stream sees; nil when it sees all.
        let repID: UUID?
        let conversationID: UUID?

        fileprivate struct State {
            /// Live items not sent yet.
            var buffer: [Item] = []
            /// The newest event sent, or the one the stream starts after; nil until the feed knows
            /// the newest event.
            var last: Int64?
            /// Whether events after `last` must be read from the store before the buffer: the
            /// backlog after `Last-Event-ID`, or what was dropped when the buffer overflowed.
            var catchingUp: Bool
            /// Whether live items were dropped while the store was being read.
            var dropped = false
            var finished = false
            var ticked = false
            var woken = false
            var waiter: CheckedContinuation<Void, Never>?
        }

        private let state: Mutex<State>

        fileprivate init(feed: EventFeed, id: Int, repID: UUID?, conversationID: UUID?, after: Int64?, catchUp: Bool) {
            self.feed = feed
            self.id = id
            self.repID = repID
            self.conversationID = conversationID
            state = Mutex(State(last: after, catchingUp: catchUp))
        }

        /// Whether the stream may see an item.
        func sees(_ item: Item) -> Bool {
            if let conversationID, item.event.conversationID != conversationID { return false }
            guard let repID else { return true }
            return item.repID == repID
        }

        /// The next items to send; waits until there are some, the feed ticks, or the subscription ends.
        /// Reads the store itself only for a backlog or after falling behind.
        func next() async throws -> Next {
            enum Step {
                case finished, idle, wait
                case items([Item])
                case catchUp(after: Int64)
            }
            while true {
                let step = state.withLock { state -> Step in
                    if state.finished { return .finished }
                    guard let last = state.last else { return .wait }
                    if state.catchingUp {
                        state.dropped = false
                        return .catchUp(after: last)
                    }
                    if !state.buffer.isEmpty {
                        let items = state.buffer.filter { $0.event.id > last }
                        state.buffer = []
                        if let newest = items.last?.event.id { state.last = newest }
                        return .items(items)
                    }
                    if state.ticked {
                        state.ticked = false
                        return .idle
                    }
                    return .wait
                }
                switch step {
                case .finished: return .finished
                case .idle: return .idle
                case .items(let items):
                    if !items.isEmpty { return .items(items) }
                case .wait:
                    await wait()
                case .catchUp(let after):
                    let events = try await feed.store.events(
                        after: after, conversationIDs: conversationID.map { [$0] }, limit: feed.pageSize)
                    let items = await feed.prepare(events).filter(sees)
                    state.withLock { state in
                        if let newest = events.last?.id { state.last = max(state.last ?? newest, newest) }
                        // Caught up, unless live items were dropped during the read: whatever the store
                        // gets later, the feed hands over.
                        if events.count < feed.pageSize, !state.dropped { state.catchingUp = false }
                    }
                    if !items.isEmpty { return .items(items) }
                }
            }
        }

        /// Ends the subscription: ``next()`` returns ``Next/finished``.
        func finish() {
            let waiter = state.withLock { state in
                state.finished = true
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume()
        }

        /// Ends the subscription and leaves the feed.
        func cancel() {
            finish()
            feed.remove(id)
        }

        /// The feed knows the newest event: a stream that starts now starts after it. A stream that
        /// read its backlog before the feed started reads again from where it is up to the feed's
        /// start, so what was committed between the two reads is not lost.
        fileprivate func begin(after cursor: Int64) {
            let waiter = state.withLock { state in
                if let last = state.last {
                    if last < cursor { state.catchingUp = true }
                } else {
                    state.last = cursor
                }
                return state.wake()
            }
            waiter?.resume()
        }

        /// New items from the feed; when they would overflow the buffer, the buffer is dropped and
        /// the stream catches up from the store.
        fileprivate func deliver(_ items: [Item]) {
            let visible = items.filter(sees)
            guard !visible.isEmpty else { return }
            let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
                guard !state.finished, state.last != nil else { return nil }
                if state.catchingUp {
                    // Reading the store already; keep what the read may miss, as room allows.
                    if state.buffer.count + visible.count > feed.bufferLimit {
                        state.buffer = []
                        state.dropped = true
                    } else {
                        state.buffer += visible
                    }
                    return nil
                }
                if state.buffer.count + visible.count > feed.bufferLimit {
                    state.buffer = []
                    state.catchingUp = true
                } else {
                    state.buffer += visible
                }
                return state.wake()
            }
            waiter?.resume()
        }

        /// Wakes an idle stream, e.g. to send its heartbeat.
        fileprivate func tick() {
            let waiter = state.withLock { state in
                state.ticked = true
                return state.wake()
            }
            waiter?.resume()
        }

        private func wait() async {
            await withTaskCancellationHandler {
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    let ready = state.withLock { state -> Bool in
                        if state.woken || state.finished {
                            state.woken = false
                            return true
                        }
                        state.waiter = continuation
                        return false
                    }
                    if ready { continuation.resume() }
                }
            } onCancel: {
                finish()
            }
        }
    }
}

extension EventFeed.Subscription.State {
    /// The waiting stream to resume, or a note for its next wait.
    fileprivate mutating func wake() -> CheckedContinuation<Void, Never>? {
        guard let waiter else {
            woken = true
            return nil
        }
        self.waiter = nil
        return waiter
    }
}
