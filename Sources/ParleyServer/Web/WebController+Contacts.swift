internal import Foundation
internal import Hummingbird
internal import ParleyLanguage
internal import ParleyMessaging
internal import ParleyThreads

extension WebController {
    struct ContactRow {
        var id: String
        /// The name, or the phone when there is none.
        var shown: String
        var name: String
        var phone: String
        var language: String
    }

    struct ContactsPage {
        var chrome: Chrome
        var query: String
        var searched: Bool
        var rows: [ContactRow]
        var noMatches: Bool
    }

    struct LeadSummary {
        var source: String
        var time: String
        var timeISO: String
        var conversationID: String
        var pickedUp: Bool
    }

    struct ContactPage {
        var chrome: Chrome
        var id: String
        var name: String
        var hasName: Bool
        var phone: String
        var language: String
        var languageSource: String
        /// While the contact is opted out: when, and how they opt back in.
        var optOutNotice: String?
        /// The consent state otherwise.
        var consent: String
        var numbers: [NumberOption]
        var hasNumbers: Bool
        var leads: [LeadSummary]
        var hasLeads: Bool
    }

    static func row(_ contact: Contact) -> ContactRow {
        ContactRow(
            id: contact.id.uuidString, shown: contact.name ?? contact.phone.e164, name: contact.name ?? "", phone: contact.phone.e164,
            language: languageName(contact.preferredLanguage) ?? "language not set")
    }

    /// The numbers a person can start a conversation from: a rep's own; for an admin, every number.
    func startingNumbers(_ session: WebSessions.Session, store: any ThreadStore, rep: UUID? = nil) async throws -> [NumberOption] {
        let numbers: [BusinessNumber]
        switch session.identity {
        case .rep(let id): numbers = try await store.businessNumbers(repID: id)
        case .admin, .core: numbers = try await store.businessNumbers(repID: rep)
        }
        return numbers.map { NumberOption(id: $0.id.uuidString, phone: $0.phone.e164) }
    }

    /// `GET /contacts?q=`: find a contact by part of a name or phone number.
    @Sendable func contactsPage(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        guard let session = context.webSession else { return Response.redirect(to: "/sign-in") }
        let store = try ThreadAccess.store(services)
        let query = (request.formQuery["q"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let rows = query.isEmpty ? [] : try await store.searchContacts(query, limit: 50).map(Self.row)
        return try WebTemplates.page(
            "contacts",
            ContactsPage(
                chrome: Chrome(title: "Contacts", session: session), query: query, searched: !query.isEmpty, rows: rows,
                noMatches: !query.isEmpty && rows.isEmpty))
    }

    /// `GET /contacts/:id`: a contact's record, with "Message" from one of your numbers.
    @Sendable func contactPage(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        guard let session = context.webSession else { return Response.redirect(to: "/sign-in") }
        let store = try ThreadAccess.store(services)
        guard let id = UUID(uuidString: context.parameters.get("id") ?? "") else { throw Self.noSuchContact }
        let contact: Contact
        do {
            contact = try await store.contact(id: id)
        } catch {
            if error.code == .notFound { throw Self.noSuchContact }
            throw error
        }
        let numbers = try await startingNumbers(session, store: store)
        // Leads whose threads the person can open.
        let access = ThreadAccess(store: store, identity: session.identity)
        var leads: [LeadSummary] = []
        for lead in try await store.leads(contactID: id).reversed() {
            guard (try? await access.conversation(lead.conversationID)) != nil else { continue }
            let time = Self.time(lead.createdAt)
            leads.append(
                LeadSummary(
                    source: lead.source, time: time.shown, timeISO: time.iso, conversationID: lead.conversationID.uuidString,
                    pickedUp: lead.pickedUpAt != nil))
        }
        return try WebTemplates.page(
            "contact",
            ContactPage(
                chrome: Chrome(title: contact.name ?? contact.phone.e164, session: session), id: id.uuidString,
                name: contact.name ?? contact.phone.e164, hasName: contact.name != nil, phone: contact.phone.e164,
                language: Self.languageName(contact.preferredLanguage) ?? "not set",
                languageSource: contact.languageSource.map(Self.describe) ?? "",
                optOutNotice: ConsentRules.notice(for: contact),
                consent: contact.consent?.state == .optedIn ? "Opted back in (\(contact.consent?.keyword ?? "recorded"))" : "May be texted",
                numbers: numbers, hasNumbers: !numbers.isEmpty,
                leads: leads, hasLeads: !leads.isEmpty))
    }

    static let noSuchContact = Problem(.notFound, "No such contact", detail: "There is no contact with this id. Find them by name or phone.")

    static func describe(_ source: Contact.LanguageSource) -> String {
        switch source {
        case .detected: "detected from their messages"
        case .setByRep: "set by a rep"
        case .setByAdmin: "set by an admin"
        case .funnel: "chosen with the intake bot"
        }
    }
}
