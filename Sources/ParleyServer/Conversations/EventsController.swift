internal import ParleyMessaging
internal import HTTPTypes
internal import Foundation
internal import Hummingbird
internal import ParleyThreads
internal import ServiceLifecycle

/// Thread events in real time, as server-sent events: `GET /v1/events` (every conversation the
/// caller may see) and `GET /v1/conversations/:id/events` (one). Each event's `id` is the store's
/// event id, so a client that reconnects with `Last-Event-ID` (or `?after=`) gets what it missed.
/// Each `data` is the message or conversation the event is about, as JSON.
///
/// Every stream of a router follows one ``EventFeed``, which reads each new event from the store
/// once; a stream reads the store itself only for its backlog, or when it fell too far behind.
struct EventsController {
    let services: ParleyServices
    /// The router's one feed; nil without a store.
    let feed: EventFeed?
    /// How often a comment keeps idle connections open through proxies.
    var heartbeat: Duration = .seconds(15)
    /// How often an open stream checks that its session or key still works (not signed out,
    /// revoked, or its person deactivated); a stream whose caller is gone ends, and the panel's
    /// reconnect, refused, leads to sign-in.
    var recheck: Duration = .seconds(5)

    /// - Parameters:
    ///   - services: the store the feed reads.
    ///   - fallbackInterval: the longest wait for a store signal before the feed reads the store anyway.
    init(services: ParleyServices, fallbackInterval: Duration = .seconds(1)) {
        self.services = services
        feed = services.store.map { EventFeed(store: $0, fallbackInterval: fallbackInterval) }
    }

    func addRoutes(to group: RouterGroup<ParleyRequestContext>) {
        group.get("events") { request, context in try await stream(request, context: context, conversation: nil) }
        group.get("conversations/:id/events") { request, context in
            let id = try ConversationsController.uuid(context.parameters.get("id") ?? "", "conversation id")
            return try await stream(request, context: context, conversation: id)
        }
    }

    static let lastEventID = HTTPField.Name("Last-Event-ID")!

    struct Payload: Encodable {
        var event: ThreadEvent
        var message: Message?
        var conversation: Conversation?
    }

    private func stream(_ request: Request, context: ParleyRequestContext, conversation: UUID?) async throws -> Response {
        let identity = try context.requireIdentity()
        let access = ThreadAccess(store: try ThreadAccess.store(services), identity: identity)
        guard let feed else {
            throw Problem(.serviceUnavailable, "No conversation store", detail: "This service runs without a database.")
        }
        if let conversation { _ = try await access.conversation(conversation) }
        var resume: String? = request.headers[Self.lastEventID]
        if resume == nil, let after = request.uri.queryParameters["after"] { resume = String(after) }
        var after: Int64?
        if let resume {
            guard let id = Int64(resume), id >= 0 else {
                throw Problem(.badRequest, "Invalid Last-Event-ID", detail: "'\(resume)' is not an event id.")
            }
            after = id
        }
        let (heartbeat, recheck) = (self.heartbeat, self.recheck)
        let stillSignedIn = signedIn(context)
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream"
        headers[.cacheControl] = "no-cache"
        return Response(status: .ok, headers: headers, body: ResponseBody { [after] writer in
            // Without Last-Event-ID the stream starts at the feed's newest event: no store read.
            let subscription = feed.subscribe(identity: identity, conversationID: conversation, after: after)
            defer { subscription.cancel() }
            try await writer.write(ByteBuffer(string: "retry: 2000\n\n"))
            var lastWrite = ContinuousClock.now
            var lastCheck = ContinuousClock.now
            // A graceful shutdown ends open streams at once; clients reconnect to another replica
            // (or this one restarted) with Last-Event-ID and miss nothing.
            try await withGracefulShutdownHandler {
                streaming: while !Task.isCancelled, !Task.isShuttingDownGracefully {
                    switch try await subscription.next() {
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
                    if ContinuousClock.now - lastCheck >= recheck {
                        lastCheck = ContinuousClock.now
                        if await !stillSignedIn() { break streaming }
                    }
                }
            } onGracefulShutdown: {
                subscription.finish()
            }
            try await writer.finish(nil)
        })
    }

    /// Whether the session or key a request signed in with still signs in the same identity: not
    /// ended, revoked or deactivated, and not given another role (a demoted admin's stream, which
    /// sees every rep's conversations, must not go on). A store that cannot answer keeps the
    /// stream open (it is not the caller's fault).
    private func signedIn(_ context: ParleyRequestContext) -> @Sendable () async -> Bool {
        let (sessions, store, opened) = (services.webSessions, services.store, context.identity)
        if let session = context.webSession {
            return {
                do {
                    return try await sessions.session(id: session.id, touch: false)?.identity == opened
                } catch {
                    return true
                }
            }
        }
        switch context.credential {
        case .storeKey(let id):
            guard let store else { return { true } }
            return { @Sendable () async -> Bool in
                do {
                    return try await StoreKeys(store: store).currentIdentity(id) == opened
                } catch {
                    return true
                }
            }
        case .environmentKey(let personID):
            guard let store else { return { true } }
            return { @Sendable () async -> Bool in
                do throws(ThreadStoreError) {
                    let person = try await store.rep(id: personID)
                    return person.isActive && (person.role == .admin ? Identity.admin(person.id) : .rep(person.id)) == opened
                } catch {
                    return error.code != .notFound
                }
            }
        case .environmentCoreKey, nil:
            return { true }
        }
    }
}
