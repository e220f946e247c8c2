internal import HTTPTypes
internal import Foundation
internal import Hummingbird
internal import ParleyThreads
internal import ServiceLifecycle

/// Thread events in real time, as server-sent events: `GET /v1/events` (every conversation the
/// caller may see) and `GET /v1/conversations/:id/events` (one). Each event's `id` is the store's
/// event id, so a client that reconnects with `Last-Event-ID` (or `?after=`) gets what it missed.
/// Each `data` is the message or conversation the event is about, as JSON.
struct EventsController {
    let services: ParleyServices
    /// The longest wait for a store signal before the store is asked for new events anyway.
    var fallbackInterval: Duration = .seconds(1)
    /// How often a comment keeps idle connections open through proxies.
    var heartbeat: Duration = .seconds(15)

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
        let access = ThreadAccess(store: try ThreadAccess.store(services), identity: try context.requireIdentity())
        if let conversation { _ = try await access.conversation(conversation) }
        var resume: String? = request.headers[Self.lastEventID]
        if resume == nil, let after = request.uri.queryParameters["after"] { resume = String(after) }
        let last: Int64
        if let resume {
            guard let id = Int64(resume), id >= 0 else {
                throw Problem(.badRequest, "Invalid Last-Event-ID", detail: "'\(resume)' is not an event id.")
            }
            last = id
        } else {
            last = try await access.store.latestEventID()
        }
        let filter: Set<UUID>? = conversation.map { [$0] }
        let store = access.store
        let (fallbackInterval, heartbeat) = (self.fallbackInterval, self.heartbeat)
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream"
        headers[.cacheControl] = "no-cache"
        let start = last
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            var last = start
            var visible: [UUID: Bool] = [:]
            // The store's signals (LISTEN/NOTIFY across Postgres replicas) wake the loop; the
            // fallback interval bounds the wait if a signal is ever missed.
            let wakeup = EventWakeup()
            let listener = Task {
                for await _ in store.eventSignals() { wakeup.signal() }
            }
            defer { listener.cancel() }
            try await writer.write(ByteBuffer(string: "retry: 2000\n\n"))
            var lastWrite = ContinuousClock.now
            // A graceful shutdown ends open streams at once; clients reconnect to another replica
            // (or this one restarted) with Last-Event-ID and miss nothing.
            try await withGracefulShutdownHandler {
                while !Task.isCancelled, !Task.isShuttingDownGracefully {
                    let events = try await store.events(after: last, conversationIDs: filter, limit: 100)
                    for event in events {
                        last = event.id
                        if visible[event.conversationID] == nil {
                            visible[event.conversationID] = (try? await access.conversation(event.conversationID)) != nil
                        }
                        guard visible[event.conversationID] == true else { continue }
                        var payload = Payload(event: event)
                        if let messageID = event.messageID {
                            payload.message = try? await store.message(id: messageID)
                        } else {
                            payload.conversation = try? await store.conversation(id: event.conversationID)
                        }
                        let data = String(decoding: try JSON.encoder.encode(payload), as: UTF8.self)
                        try await writer.write(ByteBuffer(string: "id: \(event.id)\nevent: \(event.kind.rawValue)\ndata: \(data)\n\n"))
                        lastWrite = ContinuousClock.now
                    }
                    if events.count < 100 {
                        if ContinuousClock.now - lastWrite >= heartbeat {
                            try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                            lastWrite = ContinuousClock.now
                        }
                        await wakeup.wait(atMost: fallbackInterval)
                    }
                }
            } onGracefulShutdown: {
                wakeup.signal()
            }
            try await writer.finish(nil)
        })
    }
}
