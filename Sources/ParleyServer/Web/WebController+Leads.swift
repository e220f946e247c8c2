internal import Foundation
internal import Hummingbird
internal import ParleyLanguage
internal import ParleyMessaging
internal import ParleyThreads

extension WebController {
    struct LeadRow {
        var id: String
        var conversationID: String
        var contact: String
        var phone: String
        var language: String
        var source: String
        /// What the contact told the bot first, in English.
        var opening: String
        var time: String
        var timeISO: String
        var pickedUpBy: String?
        var pickedUpTime: String?
        var pickedUpISO: String?
    }

    struct LeadsPage {
        var chrome: Chrome
        var waiting: [LeadRow]
        var hasWaiting: Bool
        var pickedUp: [LeadRow]
        var hasPickedUp: Bool
        /// The store's newest event when the page was read: its live updates resume after it.
        var lastEventID: Int64
    }

    /// `GET /leads`: the leads an intake bot qualified, waiting for a rep, then those picked up.
    @Sendable func leadsPage(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        guard let session = context.webSession else { return Response.redirect(to: "/sign-in") }
        let store = try ThreadAccess.store(services)
        let access = ThreadAccess(store: store, identity: session.identity)
        // Read first, so an event that lands while the page loads is not missed.
        let lastEventID = try await store.latestEventID()
        let names = Dictionary(try await store.reps().map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        func rows(_ state: LeadsController.QueueState, limit: Int) async throws -> [LeadRow] {
            var rows: [LeadRow] = []
            for lead in try await LeadsController.queue(access: access, asked: nil, state: state, limit: limit) {
                // The contact's first turn, as the thread shows it (translated when it came in).
                let opening = try await store.messages(conversationID: lead.conversationID, afterSequence: 0, limit: 100)
                    .first { $0.leadID == lead.id && $0.direction == .inbound }?.shownText
                let created = Self.time(lead.createdAt)
                let picked = lead.pickedUpAt.map(Self.time)
                rows.append(
                    LeadRow(
                        id: lead.id.uuidString, conversationID: lead.conversationID.uuidString,
                        contact: lead.contact.name ?? lead.contact.phone.e164, phone: lead.contact.phone.e164,
                        language: Self.languageName(lead.contact.preferredLanguage) ?? "language not set", source: lead.source,
                        opening: opening ?? lead.transcript.first { $0.speaker == .contact }?.text ?? "", time: created.shown,
                        timeISO: created.iso, pickedUpBy: lead.pickedUpBy.map { names[$0] ?? "a former rep" },
                        pickedUpTime: picked?.shown, pickedUpISO: picked?.iso))
            }
            return rows
        }
        let waiting = try await rows(.waiting, limit: 100)
        let pickedUp = try await rows(.pickedUp, limit: 20)
        return try WebTemplates.page(
            "leads",
            LeadsPage(
                chrome: Chrome(title: "Leads", session: session), waiting: waiting, hasWaiting: !waiting.isEmpty, pickedUp: pickedUp,
                hasPickedUp: !pickedUp.isEmpty, lastEventID: lastEventID))
    }

    /// `POST /leads/:id/pick-up`: the signed-in rep takes the lead, and goes to its thread.
    @Sendable func pickUpLead(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        guard let session = context.webSession else { return Response.redirect(to: "/sign-in") }
        let messaging = try services.requireMessaging()
        guard let id = UUID(uuidString: context.parameters.get("id") ?? "") else {
            throw Problem(.notFound, "No such lead", detail: "There is no lead with this id among yours.")
        }
        let lead = try await LeadsController.pickUp(id, messaging: messaging, identity: session.identity)
        return Response.redirect(to: "/conversations/\(lead.conversationID)", type: .normal)
    }
}
