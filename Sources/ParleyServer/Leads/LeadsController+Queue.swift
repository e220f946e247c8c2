internal import Foundation
internal import Hummingbird
internal import ParleyMessaging
internal import ParleyThreads

/// The leads queue: the leads an intake bot handed over, waiting for a rep to pick them up, and
/// those picked up. A rep sees the leads on their own numbers; admins and the core see every rep's
/// (or one rep's with `?rep=`).
extension LeadsController {
    /// A lead as the queue shows it: with its contact, and who picked it up.
    struct QueuedLead: ResponseEncodable {
        var id: UUID
        var source: String
        var createdAt: Date
        var conversationID: UUID
        var contact: Contact
        var transcript: [LeadTurn]
        /// The rep who picked it up; nil while it waits.
        var pickedUpBy: UUID?
        var pickedUpAt: Date?

        init(_ lead: Lead, contact: Contact) {
            id = lead.id
            source = lead.source
            createdAt = lead.createdAt
            conversationID = lead.conversationID
            self.contact = contact
            transcript = lead.transcript
            pickedUpBy = lead.pickedUpBy
            pickedUpAt = lead.pickedUpAt
        }
    }

    /// Which leads a listing shows.
    enum QueueState: String {
        case waiting, pickedUp, all

        var pickedUp: Bool? {
            switch self {
            case .waiting: false
            case .pickedUp: true
            case .all: nil
            }
        }
    }

    func addQueueRoutes(to group: RouterGroup<ParleyRequestContext>) {
        group.get("leads", use: listLeads)
        group.post("leads/:id/pick-up", use: pickUp)
    }

    /// `GET /v1/leads?state=waiting|pickedUp|all&rep=ID&limit=N`: newest first; `waiting` by default.
    @Sendable func listLeads(_ request: Request, context: ParleyRequestContext) async throws -> JSONResponse<[QueuedLead]> {
        let access = ThreadAccess(store: try ThreadAccess.store(services), identity: try context.requireIdentity())
        let query = request.uri.queryParameters
        let stateName = query["state"].map(String.init) ?? QueueState.waiting.rawValue
        guard let state = QueueState(rawValue: stateName) else {
            throw Problem(.badRequest, "Unknown state", detail: "state '\(stateName)' is not one of waiting, pickedUp or all.")
        }
        let limit = try ConversationsController.integer(request, "limit", default: 50, in: 1...200)
        return JSONResponse(try await Self.queue(access: access, asked: try query["rep"].map { try ConversationsController.uuid(String($0), "rep") },
                                                 state: state, limit: limit))
    }

    /// The leads a caller may see: a rep's own; for admins and the core, one rep's or everyone's.
    static func queue(access: ThreadAccess, asked: UUID?, state: QueueState, limit: Int) async throws -> [QueuedLead] {
        let repID = try await access.listedRep(asked)
        var contacts: [UUID: Contact] = [:]
        var queued: [QueuedLead] = []
        for lead in try await access.store.leads(repID: repID, pickedUp: state.pickedUp, limit: limit) {
            let contact: Contact
            if let known = contacts[lead.contactID] {
                contact = known
            } else {
                contact = try await access.store.contact(id: lead.contactID)
                contacts[lead.contactID] = contact
            }
            queued.append(QueuedLead(lead, contact: contact))
        }
        return queued
    }

    /// `POST /v1/leads/:id/pick-up`: the caller takes the lead. Picking up a lead someone already
    /// picked up changes nothing and answers with who did. The core picks up no leads.
    @Sendable func pickUp(_ request: Request, context: ParleyRequestContext) async throws -> JSONResponse<QueuedLead> {
        let identity = try context.requireIdentity()
        let messaging = try services.requireMessaging()
        let id = try ConversationsController.uuid(context.parameters.get("id") ?? "", "lead id")
        return JSONResponse(try await Self.pickUp(id, messaging: messaging, identity: identity))
    }

    /// Picks a lead up for the caller (``Messaging/pickUpLead(_:by:)``), with its contact.
    static func pickUp(_ id: UUID, messaging: Messaging, identity: Identity) async throws -> QueuedLead {
        let picked = try await messaging.pickUpLead(id, by: identity)
        return QueuedLead(picked, contact: try await messaging.store.contact(id: picked.contactID))
    }
}
