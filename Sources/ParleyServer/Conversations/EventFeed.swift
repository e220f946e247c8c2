internal import ParleyMessaging
internal import Foundation
internal import Logging
internal import ParleyThreads
internal import ServiceLifecycle
internal import Synchronization

/// The one reader of the store's events in a process, shared by every open event stream.
///
/// A single task follows ``ThreadStore/eventSignals()``, which carry each commit's events as it
/// commits (from every replica, on PostgreSQL), loads each event's message or conversation and the
/// rep who owns the conversation's number once, and hands the prepared items to every open
/// ``Subscription`` in memory. The database work per event is the same whatever the number of
/// open streams, and an idle feed on PostgreSQL reads nothing. On SQLite, whose other processes'
/// commits are not signalled, it also reads the store every `fallbackInterval`.
///
/// Commits may arrive out of identifier order (replicas share no lock), so each item carries a
/// resume identifier from an ``EventWatermark``: the `id` a client sends back as `Last-Event-ID`
/// never passes an event it has not been sent. A client may get an event twice after resuming;
/// each event names its message or conversation, which the client updates in place.
///
/// The feed never waits for a stream. Each subscription buffers at most `bufferLimit` items; one
/// that falls further behind drops its buffer and catches up by reading the store from its resume
/// identifier, then carries on with the live items, skipping those it already sent.
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
        /// Where a client that got this item resumes: every event at or below it was sent before it.
        var resumeID: Int64
        /// The server-sent event: its `id` (the resume identifier), `event` and `data` lines and the blank line.
        var frame: String
    }

    /// The store the events come from.
    let store: any ThreadStore
    /// How often the feed wakes to send heartbeats, give up gaps and, on SQLite, read the store.
    let fallbackInterval: Duration
    /// How long a gap in event identifiers is waited for (see ``EventWatermark``).
    let patience: Duration
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
        /// Where the running feed is sure it has handed out every event; nil until it is live.
        var safe: Int64?
        /// Signals received and not handled yet.
        var signals: [EventSignal] = []
    }

    private let state = Mutex(State())
    /// Each conversation's business number, which never changes; the number's rep is read again
    /// for each batch, since a number can be reassigned.
    private let numbers = Mutex<[UUID: UUID]>([:])

    /// Creates a feed; it starts with the first subscription.
    /// - Parameters:
    ///   - store: the store the events come from.
    ///   - fallbackInterval: how often the feed wakes for heartbeats and, on SQLite, reads the store.
    ///   - patience: how long a gap in event identifiers is waited for; longer than the store's
    ///     lock and idle-in-transaction time limits.
    ///   - bufferLimit: the most items a subscription buffers.
    ///   - pageSize: the most events one read returns.
    ///   - logger: where read failures go.
    init(
        store: any ThreadStore,
        fallbackInterval: Duration = .seconds(1),
        patience: Duration = .seconds(30),
        bufferLimit: Int = 512,
        pageSize: Int = 100,
        logger: Logger = Logger(label: "parley.events")
    ) {
        self.store = store
        self.fallbackInterval = fallbackInterval
        self.patience = patience
        self.bufferLimit = max(1, bufferLimit)
        self.pageSize = max(1, pageSize)
        self.logger = logger
    }

    /// Where the running feed is sure it has handed out every event (every event at or below it
    /// was handed out, or given up); nil while the feed is stopped or starting.
    var cursor: Int64? { state.withLock { $0.safe } }

    /// Opens a subscription, starting the feed if it is the first.
    /// - Parameters:
    ///   - identity: who listens: a rep gets only their own numbers' conversations.
    ///   - conversationID: only this conversation's events; nil for all.
    ///   - after: the resume identifier the client last got (its backlog is read from the store);
    ///     nil to start now.
    func subscribe(identity: Identity, conversationID: UUID? = nil, after: Int64?) -> Subscription {
        state.withLock { state in
            let subscription = Subscription(
                feed: self, id: state.nextID, repID: identity.seesEverything ? nil : identity.personID,
                conversationID: conversationID, after: after ?? state.safe, catchUp: after != nil)
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
        state.safe = nil
        state.signals = []
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
            for await signal in signals {
                let current = self.state.withLock { state in
                    guard state.generation == generation else { return false }
                    state.signals.append(signal)
                    return true
                }
                guard current else { return }
                wakeup.signal()
            }
        }
        defer { listener.cancel() }

        var watermark: EventWatermark?
        /// Whether every commit is signalled (PostgreSQL), so the store needs no polling.
        var complete = false
        /// Whether signals may have been missed, so the store must be read from the watermark.
        var mustRead = false
        /// Commits signalled before the feed knew where it starts.
        var early: [ThreadEvent] = []
        var lastRead = ContinuousClock.now
        var lastTick = ContinuousClock.now
        while !Task.isCancelled {
            let woken = await wakeup.wait(atMost: fallbackInterval)
            guard !Task.isCancelled else { return }
            let received = state.withLock { state in
                defer { state.signals = [] }
                return state.generation == generation ? state.signals : []
            }
            var fresh: [ThreadEvent] = []
            for signal in received {
                switch signal {
                case .live(let latest, let isComplete):
                    complete = isComplete
                    if watermark == nil {
                        watermark = EventWatermark(start: latest, patience: patience)
                        fresh += early.filter { $0.id > latest }
                        early = []
                        guard start(at: latest, generation: generation) else { return }
                    } else {
                        mustRead = true
                    }
                case .committed(let events):
                    if watermark == nil { early += events } else { fresh += events }
                }
            }
            // No signals yet (a store that cannot signal at once): start from the store's newest.
            if watermark == nil, !woken {
                do {
                    let latest = try await store.latestEventID()
                    watermark = EventWatermark(start: latest, patience: patience)
                    complete = false
                    fresh += early.filter { $0.id > latest }
                    early = []
                    guard start(at: latest, generation: generation) else { return }
                } catch {
                    logger.info("Could not read the newest event", metadata: ["events.error": "\(error)"])
                    continue
                }
            }
            guard var current = watermark else { continue }
            if !fresh.isEmpty {
                guard await hand(fresh, watermark: &current, generation: generation) else { return }
            }
            let now = ContinuousClock.now
            if mustRead || (!complete && (!woken || now - lastRead >= fallbackInterval)) {
                lastRead = now
                do {
                    var after = current.safe
                    while true {
                        let events = try await store.events(after: after, conversationIDs: nil, limit: pageSize)
                        guard let newest = events.last?.id else { break }
                        guard await hand(events, watermark: &current, generation: generation) else { return }
                        after = newest
                        if events.count < pageSize { break }
                    }
                    mustRead = false
                } catch {
                    logger.info("Could not read new events", metadata: ["events.error": "\(error)"])
                }
            }
            current.advance(at: ContinuousClock.now)
            watermark = current
            state.withLock { state in
                if state.generation == generation { state.safe = current.safe }
            }
            // Idle streams wake now and then to send their heartbeat.
            if ContinuousClock.now - lastTick >= fallbackInterval {
                lastTick = ContinuousClock.now
                for subscription in state.withLock({ Array($0.subscriptions.values) }) { subscription.tick() }
            }
        }
    }

    /// The feed knows where it starts: every open subscription starts there.
    private func start(at latest: Int64, generation: Int) -> Bool {
        state.withLock { state in
            guard state.generation == generation else { return false }
            state.safe = latest
            for subscription in state.subscriptions.values { subscription.begin(after: latest) }
            return true
        }
    }

    /// Hands the events not handed out before to every subscription, each with the resume
    /// identifier the watermark gives once it is recorded.
    /// - Returns: false when the feed stopped meanwhile.
    private func hand(_ events: [ThreadEvent], watermark: inout EventWatermark, generation: Int) async -> Bool {
        var new: [ThreadEvent] = []
        var resumeIDs: [Int64] = []
        for event in events where watermark.record(event.id, at: ContinuousClock.now) {
            new.append(event)
            resumeIDs.append(watermark.safe)
        }
        guard !new.isEmpty else { return true }
        let items = await prepare(new, resumeIDs: resumeIDs)
        let safe = watermark.safe
        return state.withLock { state in
            guard state.generation == generation else { return false }
            for subscription in state.subscriptions.values { subscription.deliver(items) }
            state.safe = safe
            return true
        }
    }

    /// Loads each event's message (message events) or conversation (any other kind), and the rep who
    /// owns its conversation's number, and encodes it as a server-sent event.
    /// - Parameters:
    ///   - events: the events.
    ///   - resumeIDs: each event's resume identifier, the frame's `id`.
    func prepare(_ events: [ThreadEvent], resumeIDs: [Int64]) async -> [Item] {
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
        return zip(payloads, resumeIDs).map { payload, resumeID in
            let event = payload.event
            let data = (try? JSON.encoder.encode(payload)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
            return Item(
                event: event, repID: numberOf[event.conversationID].flatMap { repOf[$0] }, resumeID: resumeID,
                frame: "id: \(resumeID)\nevent: \(event.kind.rawValue)\ndata: \(data)\n\n")
        }
    }
}

extension EventFeed {
    /// One stream's view of the feed: the items it may see, from its start, each once, in the order
    /// they committed.
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
            /// The stream's resume identifier: every event at or below it that the stream may see
            /// was sent (or came before the stream started); nil until the feed knows where it starts.
            var resume: Int64?
            /// Events above `resume` already sent.
            var sent: Set<Int64> = []
            /// Whether events after `resume` must be read from the store before the buffer: the
            /// backlog after `Last-Event-ID`, or what was dropped when the buffer overflowed.
            var catchingUp: Bool
            /// Where the store read that catches up goes on from; nil to start at `resume`.
            var readFrom: Int64?
            /// Whether live items were dropped while the store was being read.
            var dropped = false
            var finished = false
            var ticked = false
            var woken = false
            var waiter: CheckedContinuation<Void, Never>?

            /// Notes items as sent and moves the resume identifier past them.
            mutating func sent(_ items: [Item], resumeAt resumeID: Int64) {
                let resume = max(self.resume ?? resumeID, resumeID)
                self.resume = resume
                for item in items where item.event.id > resume { sent.insert(item.event.id) }
                if sent.contains(where: { $0 <= resume }) { sent = sent.filter { $0 > resume } }
            }
        }

        private let state: Mutex<State>

        fileprivate init(feed: EventFeed, id: Int, repID: UUID?, conversationID: UUID?, after: Int64?, catchUp: Bool) {
            self.feed = feed
            self.id = id
            self.repID = repID
            self.conversationID = conversationID
            state = Mutex(State(resume: after, catchingUp: catchUp))
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
                case catchUp(after: Int64, resume: Int64)
            }
            while true {
                let step = state.withLock { state -> Step in
                    if state.finished { return .finished }
                    guard let resume = state.resume else { return .wait }
                    if state.catchingUp {
                        state.dropped = false
                        return .catchUp(after: state.readFrom ?? resume, resume: resume)
                    }
                    if !state.buffer.isEmpty {
                        let items = state.buffer.filter { !state.sent.contains($0.event.id) }
                        state.buffer = []
                        if let last = items.last { state.sent(items, resumeAt: last.resumeID) }
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
                case .catchUp(let after, let resume):
                    // Everything at or below the feed's watermark was committed before this read.
                    let safe = feed.cursor ?? resume
                    let events = try await feed.store.events(
                        after: after, conversationIDs: conversationID.map { [$0] }, limit: feed.pageSize)
                    let unsent = state.withLock { state in events.filter { !state.sent.contains($0.id) } }
                    let items = await feed.prepare(unsent, resumeIDs: unsent.map { max(resume, min($0.id, safe)) }).filter(sees)
                    let complete = events.count < feed.pageSize
                    state.withLock { state in
                        // Live items dropped during the read may lie below where it got to (a
                        // commit that landed late): read again from the resume point, which never
                        // passes one; what was sent already is skipped.
                        state.readFrom = state.dropped ? nil : (events.last?.id ?? after)
                        // Caught up, unless live items were dropped during the read: whatever the store
                        // gets later, the feed hands over.
                        state.sent(items, resumeAt: complete ? max(resume, safe) : max(resume, min(events.last?.id ?? resume, safe)))
                        if complete, !state.dropped {
                            state.catchingUp = false
                            state.readFrom = nil
                        }
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

        /// The feed knows where it starts: a stream that starts now starts there. A stream that
        /// read its backlog before the feed started reads again from where it is up to the feed's
        /// start, so what was committed between the two reads is not lost.
        fileprivate func begin(after cursor: Int64) {
            let waiter = state.withLock { state in
                if let resume = state.resume {
                    if resume < cursor { state.catchingUp = true }
                } else {
                    state.resume = cursor
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
                guard !state.finished, state.resume != nil else { return nil }
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
                    state.readFrom = nil
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
