internal import ParleyMessaging
internal import HTTPTypes
internal import Foundation
internal import Hummingbird
internal import ParleyThreads
internal import ServiceLifecycle

/// Thread events in real time, as server-sent events: `GET /v1/events` (every conversation the
/// caller may see) and `GET /v1/conversations/:id/events` (one). Each event's `id` is where to
/// resume (``EventFeed/Item/resumeID``), so a client that reconnects with `Last-Event-ID` (or
/// `?after=`) gets what it missed, perhaps with an event it had. Each `data` is the message or
/// conversation the event is about, as JSON.
///
/// Every stream of a router follows one ``EventFeed``, which gets each commit's events with its
/// signal; a stream reads the store itself only for its backlog, or when it fell too far behind.
struct EventsController {
    let services: ParleyServices
    /// The router's one feed; nil without a store.
    let feed: EventFeed?
    /// How often a comment keeps idle connections open through proxies.
    var heartbeat: Duration = .seconds(15)
    /// The router's one check of its open streams' sign-ins; nil without a store (and so without streams).
    let watch: SignInWatch?

    /// - Parameters:
    ///   - services: the store the feed reads.
    ///   - fallbackInterval: the longest wait for a store signal before the feed reads the store anyway.
    ///   - recheck: how often the open streams' sessions and keys are checked, all at once (not
    ///     signed out, revoked, its person deactivated or given another role); a stream whose
    ///     caller is gone ends, and the panel's reconnect, refused, leads to sign-in.
    init(services: ParleyServices, fallbackInterval: Duration = .seconds(1), recheck: Duration = .seconds(5)) {
        self.services = services
        feed = services.store.map { EventFeed(store: $0, fallbackInterval: fallbackInterval) }
        watch = services.store.map { SignInWatch(store: $0, sessions: services.webSessions, interval: recheck) }
    }

    func addRoutes(to group: RouterGroup<ParleyRequestContext>) {
        group.get("events") { request, context in try await stream(request, context: context, conversation: nil) }
        // The id is read inside `stream`, after the caller: a caller without a key gets 401 whatever the path holds.
        group.get("conversations/:id/events") { request, context in
            try await stream(request, context: context, conversation: context.parameters.get("id") ?? "")
        }
    }

    static let lastEventID = HTTPField.Name("Last-Event-ID")!

    /// An event id to resume after, as `Last-Event-ID` or `?after=` give it; 400 for one that is not.
    static func eventID(_ text: String?, _ name: String) throws -> Int64? {
        guard let text else { return nil }
        guard let id = Int64(text), id >= 0 else {
            throw Problem(.badRequest, "Invalid \(name)", detail: "'\(text)' is not an event id; resume after the id line of the last event received.")
        }
        return id
    }

    struct Payload: Encodable {
        var event: ThreadEvent
        var message: Message?
        var conversation: Conversation?
    }

    /// - Parameters:
    ///   - conversationID: the path's conversation id, as written; nil for every conversation.
    private func stream(_ request: Request, context: ParleyRequestContext, conversation conversationID: String?) async throws -> Response {
        // Who asks before what they ask: nothing in the request is read before the caller is known.
        let identity = try context.requireIdentity()
        let access = ThreadAccess(store: try ThreadAccess.store(services), identity: identity)
        guard let feed else {
            throw Problem(.serviceUnavailable, "No conversation store", detail: "This service runs without a database.")
        }
        let conversation = try conversationID.map { try ConversationsController.uuid($0, "conversation id") }
        if let conversation { _ = try await access.conversation(conversation) }
        // Both are checked when both are given (a bad one is never ignored); the header wins.
        let fromHeader = try Self.eventID(request.headers[Self.lastEventID], "Last-Event-ID")
        let fromQuery = try Self.eventID(request.uri.queryParameters["after"].map(String.init), "after")
        let after = fromHeader ?? fromQuery
        let (heartbeat, watch) = (self.heartbeat, self.watch)
        let credential = SignInWatch.Credential(context)
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream"
        headers[.cacheControl] = "no-cache"
        return Response(status: .ok, headers: headers, body: ResponseBody { [after] writer in
            // Without Last-Event-ID the stream starts at the feed's newest event: no store read.
            let subscription = feed.subscribe(identity: identity, conversationID: conversation, after: after)
            defer { subscription.cancel() }
            // The stream ends when its session or key no longer signs in the same identity.
            let registration = credential.flatMap { watch?.register($0, identity: identity) { subscription.finish() } }
            defer { registration?.cancel() }
            try await writer.write(ByteBuffer(string: "retry: 2000\n\n"))
            var lastWrite = ContinuousClock.now
            // A graceful shutdown ends open streams at once; clients reconnect to another replica
            // (or this one restarted) with Last-Event-ID and miss nothing.
            try await withGracefulShutdownHandler {
                streaming: while !Task.isCancelled, !Task.isShuttingDownGracefully {
                    let next = try await subscription.next()
                    // Nothing more for a caller whose sign-in stopped working.
                    if registration?.isEnded == true { break streaming }
                    switch next {
                    case .items(let items):
                        var frames = ByteBuffer()
                        for item in items { frames.writeString(item.frame) }
                        try await writer.write(frames)
                        lastWrite = ContinuousClock.now
                    case .idle:
                        if ContinuousClock.now - lastWrite >= heartbeat {
                            try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                            lastWrite = ContinuousClock.now
                        }
                    case .finished:
                        break streaming
                    }
                }
            } onGracefulShutdown: {
                subscription.finish()
            }
            try await writer.finish(nil)
        })
    }
}
