internal import Foundation
internal import Hummingbird
internal import ParleyLanguage
internal import ParleyMessaging
internal import ParleyThreads
internal import ParleyTranslation

extension WebController {
    // MARK: - Values the templates show

    struct ConversationRow {
        var id: String
        var contact: String
        var phone: String
        /// The contact's language by name ("Spanish (Mexico)").
        var language: String
        var done: Bool
        /// The contact opted out: nothing can be sent until they opt back in.
        var optedOut: Bool
        var unread: Int
        var hasUnread: Bool
        var preview: String
        var time: String
        var timeISO: String
    }

    struct RepOption {
        var id: String
        var name: String
        var selected: Bool
    }

    struct ConversationsPage {
        var chrome: Chrome
        var rows: [ConversationRow]
        var isEmpty: Bool
        /// What the list says when it is empty: none at all, none in this state, or none match.
        var emptyText: String
        /// The search (`?q=`) and the state shown (`?state=open|done|all`, open by default).
        var query = ""
        var state = "open"
        var showOpen = true
        var showDone = false
        var showAll = false
        /// Unread messages in every conversation of the rep, for the tab's title.
        var unreadTotal = 0
        /// Languages by tag, as JSON, for the page's script to name them.
        var languageNames = "{}"
        /// The languages a new contact can be given.
        var languages: [LanguageOption] = []
        /// Whose conversations these are, for the page's live updates.
        var repID: String
        /// The store's newest event when the page was read: its stream resumes after it.
        var lastEventID: Int64
        /// For admins: whose conversations to show.
        var reps: [RepOption]
        /// The numbers a New Conversation can start from.
        var numbers: [NumberOption] = []
        /// Why the last New Conversation was refused.
        var newError: String?
        /// Contacts matching the name a New Conversation gave, to choose from.
        var choices: [ContactRow] = []
        var hasChoices = false
        /// The number the New Conversation with choices started from.
        var choiceNumber = ""
    }

    struct NumberOption {
        var id: String
        var phone: String
    }

    /// The New Conversation form: one of your numbers, and the contact by id (a contact's record,
    /// or a choice among names), or by phone or name as typed.
    struct NewConversationForm: Decodable {
        var number: String
        var contact: String?
        var phone: String?
        var name: String?
        var language: String?
    }

    struct MessageView {
        var id: String
        var direction: String
        var inbound: Bool
        var english: String
        var original: String
        /// Inbound messages whose original differs from the English show it one click away.
        var showOriginal: Bool
        var language: String?
        /// Outbound: the exact text the contact got.
        var sentText: String?
        var pending: Bool
        var status: String
        var statusNote: String?
        /// What the translation pipeline flagged for the rep (an opt-out request, a help request, …).
        var warnings: [String]
        var delivery: String
        var time: String
        var timeISO: String
        /// A translated reply the rep can flag, proposing better wording for the translation memory.
        var flaggable: Bool
        /// The rep who sent a reply, by name.
        var sentByName: String? = nil
    }

    /// A language the compose header offers.
    struct LanguageOption {
        var tag: String
        var name: String
        var selected: Bool
    }

    /// A rep's name by id, for the page's script to name who sent a reply that arrives live.
    struct RepName {
        var id: String
        var name: String
    }

    struct TemplateOption {
        var id: String
        var name: String
        var text: String
        /// The template's `{{variables}}` as the compose box asks for them, JSON
        /// `[{name, label, value}]`: each variable's label and what the thread already knows for it.
        var fields: String
    }

    static let fieldsEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// A template variable's field in compose, for ``TemplateOption/fields``.
    struct TemplateField: Encodable {
        var name: String
        var label: String
        var value: String
    }

    /// A lead of this thread that waits for a rep.
    struct WaitingLead {
        var id: String
        var source: String
    }

    struct ThreadPage {
        var chrome: Chrome
        var conversationID: String
        var contactID: String
        var contact: String
        var phone: String
        var language: String
        var hasLanguage: Bool
        /// The languages the engine translates into, by name, with the contact's selected.
        var languages: [LanguageOption] = []
        /// Whose inbox this thread is in, for the tab title's unread count.
        var repID = ""
        var unreadTotal = 0
        var done = false
        /// Whether the thread is in the signed-in person's own inbox: only they mark it done.
        var ownsThread = false
        /// While the contact is opted out (or may have), sending is off.
        var sendDisabled = false
        var isEmpty = false
        var repNames: [RepName] = []
        var lastEventID: Int64
        /// The intake bot's conversation with the contact, as the thread stored it.
        var transcript: [MessageView]
        var hasTranscript: Bool
        /// Leads of this thread still waiting for a rep.
        var waitingLeads: [WaitingLead]
        /// Set while the contact is opted out, or may have opted out and nobody confirmed it.
        var optOutNotice: String?
        /// True while a probable opt-out waits for a rep to confirm or dismiss it.
        var optOutUnconfirmed: Bool
        /// How the contact is addressed: the translation's default, formally or informally.
        var formalityDefault: Bool
        var formal: Bool
        var informal: Bool
        var messages: [MessageView]
        /// The sequence to page back from, when older messages than those shown exist.
        var earlierBefore: Int64?
        var templates: [TemplateOption]
        var hasTemplates: Bool
    }

    /// How many messages a thread page shows at once.
    static let threadPageSize = 200

    /// The tab title with the unread count before it: `(3) Conversations`.
    static func title(_ title: String, unread: Int) -> String {
        unread > 0 ? "(\(unread)) \(title)" : title
    }

    /// A language tag by name ("Spanish (Mexico)"), or the tag when Parley has no name for it.
    static func languageName(_ tag: LanguageTag?) -> String? {
        guard let tag else { return nil }
        return LanguageChoice.named(tag.identifier)?.name ?? tag.identifier
    }

    /// Every catalog language by tag, as JSON for a data attribute.
    static let languageNamesJSON: String = {
        let names = Dictionary(LanguageChoice.catalog.map { ($0.tag.identifier, $0.name) }, uniquingKeysWith: { first, _ in first })
        let data = (try? JSONEncoder().encode(names)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }()

    /// A time as shown (UTC, to the minute; the page's script shows it in the browser's time zone)
    /// and as ISO 8601 for `<time datetime>`.
    static func time(_ date: Date) -> (shown: String, iso: String) {
        let iso = ISO8601DateFormatter().string(from: date)
        return (iso.prefix(16).replacingOccurrences(of: "T", with: " ") + " UTC", iso)
    }

    // MARK: - Pages

    /// `GET /conversations`: the rep's conversations, newest first (admins: their own or `?rep=`).
    @Sendable func conversationsPage(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        guard let session = context.webSession else { return Response.redirect(to: "/sign-in") }
        do {
            var asked: UUID?
            if let rep = request.uri.queryParameters["rep"], !rep.isEmpty {
                asked = try ConversationsController.uuid(String(rep), "rep")
            }
            // The search box's form: `+` is a space (FormQuery), as the list's script writes it too.
            let query = (request.formQuery["q"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            let shown = request.formQuery["state"] ?? "open"
            _ = try ConversationsController.state(Substring(shown))
            return try await renderConversations(session: session, asked: asked, error: nil, query: query, state: shown)
        } catch let problem as Problem {
            return try Self.errorPage(problem, session: session)
        } catch let error as MessagingError {
            return try Self.errorPage(Problem(error), session: session)
        }
    }

    /// `POST /conversations`: the New Conversation form — one of your numbers and a contact's phone
    /// (found, or created with the name and language given); on to the thread, or back to the list
    /// with what was wrong.
    @Sendable func startConversation(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        guard let session = context.webSession else { return Response.redirect(to: "/sign-in") }
        var request = request
        let body = try await request.collectBody(upTo: WebSessionMiddleware.formLimit)
        do {
            let form: NewConversationForm
            let posted = String(buffer: body)
            // No store keeps a NUL (SQLite cuts the text at it, PostgreSQL refuses it).
            guard !posted.lowercased().contains("%00"), !posted.utf8.contains(0) else {
                throw Problem(.badRequest, "NUL character", detail: "A field of the form contains a NUL character; remove it.")
            }
            do {
                form = try URLEncodedFormDecoder().decode(NewConversationForm.self, from: posted)
            } catch {
                throw Problem(.badRequest, "Incomplete form", detail: "Choose one of your numbers and give the contact's phone.")
            }
            let messaging = try services.requireMessaging()
            let access = messaging.access(for: session.identity)
            let numberID = try ConversationsController.uuid(form.number, "number")
            var request = NewConversation(numberID: numberID, contactID: nil, phone: form.phone, name: form.name, language: form.language)
            if let contact = form.contact?.nilIfEmpty {
                request.contactID = try ConversationsController.uuid(contact, "contact")
                request.phone = nil
            } else if let typed = form.phone?.trimmingCharacters(in: .whitespacesAndNewlines), Self.looksLikeName(typed) {
                // A name: the one contact it matches, or a choice among several.
                let matches = try await access.store.searchContacts(typed, limit: 20)
                switch matches.count {
                case 0:
                    throw Problem(
                        .notFound, "No such contact",
                        detail: "No contact matches '\(typed)'. Give their phone number (with country code) to create a new contact.")
                case 1:
                    request.contactID = matches[0].id
                    request.phone = nil
                default:
                    return try await renderConversations(
                        session: session, asked: nil, error: nil, choices: matches.map(Self.row), choiceNumber: form.number)
                }
            }
            let started = try await messaging.startConversation(request, by: session.identity)
            return Response.redirect(to: "/conversations/\(started.conversation.id)", type: .normal)
        } catch let problem as Problem {
            return try await renderConversations(session: session, asked: nil, error: problem.detail, status: problem.status)
        } catch let error as MessagingError {
            if error.code == .unavailable { throw error }
            let problem = Problem(error)
            return try await renderConversations(session: session, asked: nil, error: problem.detail, status: problem.status)
        } catch let error as PhoneNumberError {
            return try await renderConversations(session: session, asked: nil, error: error.description, status: .badRequest)
        }
    }

    /// Whether what was typed for a contact is a name to look up rather than a phone number.
    static func looksLikeName(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0.properties.isAlphabetic }
    }

    /// The conversation list, with the New Conversation form and its last error.
    func renderConversations(
        session: WebSessions.Session, asked: UUID?, error: String?, status: HTTPResponse.Status = .ok, choices: [ContactRow] = [],
        choiceNumber: String = "", query: String = "", state shown: String = "open"
    ) async throws -> Response {
        let store = try ThreadAccess.store(services)
        let access = ThreadAccess(store: store, identity: session.identity)
        let repID = try access.rep(asked: asked)
        let lastEventID = try await store.latestEventID()
        // The tab title's unread total counts the whole inbox, whatever the filter shows.
        let every = try await store.conversations(repID: repID, limit: 200, before: nil)
        let unreadTotal = every.reduce(0) { $0 + $1.conversation.unreadCount }
        let summaries = try await services.requireMessaging().conversations(
            of: repID, state: try ConversationsController.state(Substring(shown)), search: query, limit: 200, by: session.identity)
        let rows = summaries.map { summary in
            let time = Self.time(summary.conversation.activityAt)
            return ConversationRow(
                id: summary.conversation.id.uuidString, contact: summary.contact.name ?? summary.contact.phone.e164,
                phone: summary.contact.phone.e164, language: Self.languageName(summary.contact.preferredLanguage) ?? "language not set",
                done: summary.conversation.state == .done,
                optedOut: !ConsentRules.mayText(summary.contact),
                unread: summary.conversation.unreadCount, hasUnread: summary.conversation.unreadCount > 0,
                preview: summary.lastMessage?.shownText ?? "", time: time.shown, timeISO: time.iso)
        }
        var reps: [RepOption] = []
        if case .admin = session.identity {
            reps = try await store.reps().map { RepOption(id: $0.id.uuidString, name: "\($0.name) (\($0.email))", selected: $0.id == repID) }
        }
        // A rep starts from their own numbers; an admin from the numbers of the rep shown.
        let numbers = try await startingNumbers(session, store: store, rep: repID)
        let emptyText =
            if every.isEmpty { "No conversations yet — start one with New conversation." }
            else if !query.isEmpty { "No conversations match “\(query)”." }
            else if shown == "done" { "No conversations are done yet." }
            else { "Nothing open — every conversation is done." }
        var page = ConversationsPage(
            chrome: Chrome(title: Self.title("Conversations", unread: unreadTotal), session: session), rows: rows, isEmpty: rows.isEmpty,
            emptyText: emptyText, repID: repID.uuidString, lastEventID: lastEventID, reps: reps)
        page.query = query
        page.state = shown
        page.showOpen = shown == "open"
        page.showDone = shown == "done"
        page.showAll = shown == "all"
        page.unreadTotal = unreadTotal
        page.languageNames = Self.languageNamesJSON
        let messaging = try services.requireMessaging()
        page.languages = await messaging.languages().filter(\.translatable).map {
            LanguageOption(tag: $0.tag.identifier, name: $0.name, selected: false)
        }
        page.numbers = numbers
        page.newError = error
        page.choices = choices
        page.hasChoices = !choices.isEmpty
        page.choiceNumber = choiceNumber
        return try WebTemplates.page("conversations", page, status: status)
    }

    /// `GET /conversations/:id`: one thread, with OTTO's transcript for a lead, the compose form
    /// and its live preview.
    @Sendable func threadPage(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        guard let session = context.webSession else { return Response.redirect(to: "/sign-in") }
        do {
            let store = try ThreadAccess.store(services)
            let access = ThreadAccess(store: store, identity: session.identity)
            guard let id = UUID(uuidString: context.parameters.get("id") ?? "") else {
                throw Problem(.notFound, "No such conversation", detail: "There is no conversation with this id among yours.")
            }
            let thread = try await access.conversation(id)
            // The stream resumes after this event, so nothing that lands while the page loads is missed.
            let lastEventID = try await store.latestEventID()
            var before: Int64?
            if let value = request.uri.queryParameters["before"] {
                guard let sequence = Int64(String(value)) else {
                    throw Problem(.badRequest, "Invalid page", detail: "before must be a message's sequence number.")
                }
                before = sequence
            }
            // One more than shown says whether there are older ones.
            var window = try await store.latestMessages(conversationID: id, beforeSequence: before, limit: Self.threadPageSize + 1)
            let hasEarlier = window.count > Self.threadPageSize
            if hasEarlier { window.removeFirst() }
            // A lead's turns (the intake bot's conversation) open the thread in their own box.
            let leads = try await store.leads(contactID: thread.contact.id).filter { $0.conversationID == id }
            let leadIDs = Set(leads.map(\.id))
            let transcript = leadIDs.isEmpty || hasEarlier
                ? [] : window.filter { $0.leadID.map(leadIDs.contains) == true }
            let messages = window.filter { message in !transcript.contains { $0.id == message.id } }
            let templates = try await store.templates(repID: session.identity.personID).map { template in
                let fields = TemplateVariable.variables(in: template.text).map { variable in
                    TemplateField(name: variable.name, label: variable.label, value: variable.value(contactName: thread.contact.name) ?? "")
                }
                return TemplateOption(
                    id: template.id.uuidString, name: template.name, text: template.text,
                    fields: String(decoding: try Self.fieldsEncoder.encode(fields), as: UTF8.self))
            }
            // The tab title counts what is unread elsewhere in the inbox: this thread is read on opening.
            let inbox = try await store.conversations(repID: thread.number.repID, limit: 200, before: nil)
            let unreadTotal = inbox.filter { $0.conversation.id != id }.reduce(0) { $0 + $1.conversation.unreadCount }
            let reps = try await store.reps()
            let names = Dictionary(reps.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
            let messaging = try services.requireMessaging()
            var languages = await messaging.languages().filter(\.translatable).map { choice in
                LanguageOption(tag: choice.tag.identifier, name: choice.name, selected: choice.tag == thread.contact.preferredLanguage)
            }
            if let current = thread.contact.preferredLanguage, !languages.contains(where: \.selected) {
                // A language detected or set before that is not in the list (another region, or one the
                // engine cannot translate into): shown as it is, so the rep sees it and why.
                let name = Self.languageName(current) ?? current.identifier
                let translatable = await messaging.canTranslate(into: current)
                languages.insert(
                    LanguageOption(tag: current.identifier, name: translatable ? name : "\(name) — cannot be translated here", selected: true),
                    at: 0)
            }
            func view(_ message: Message) -> MessageView {
                var shown = Self.view(message)
                shown.sentByName = message.sentBy.map { names[$0] ?? "a former rep" }
                return shown
            }
            var page = ThreadPage(
                chrome: Chrome(title: Self.title(thread.contact.name ?? thread.contact.phone.e164, unread: unreadTotal), session: session),
                conversationID: id.uuidString, contactID: thread.contact.id.uuidString,
                contact: thread.contact.name ?? thread.contact.phone.e164, phone: thread.contact.phone.e164,
                language: thread.contact.preferredLanguage?.description ?? "", hasLanguage: thread.contact.preferredLanguage != nil,
                lastEventID: lastEventID, transcript: transcript.map(view), hasTranscript: !transcript.isEmpty,
                waitingLeads: leads.filter { $0.pickedUpAt == nil }.map { WaitingLead(id: $0.id.uuidString, source: $0.source) },
                optOutNotice: ConsentRules.notice(for: thread.contact),
                optOutUnconfirmed: ConsentRules.awaitsReview(thread.contact),
                formalityDefault: thread.contact.formality == nil, formal: thread.contact.formality == .formal,
                informal: thread.contact.formality == .informal,
                messages: messages.map(view), earlierBefore: hasEarlier ? window.first?.sequence : nil,
                templates: templates, hasTemplates: !templates.isEmpty)
            page.languages = languages
            page.repID = thread.number.repID.uuidString
            page.unreadTotal = unreadTotal
            page.done = thread.conversation.state == .done
            page.sendDisabled = !ConsentRules.mayText(thread.contact)
            page.ownsThread = thread.number.repID == session.identity.personID
            page.isEmpty = messages.isEmpty && transcript.isEmpty
            page.repNames = reps.map { RepName(id: $0.id.uuidString, name: $0.name) }
            return try WebTemplates.page("thread", page)
        } catch let problem as Problem {
            return try Self.errorPage(problem, session: session)
        } catch let error as MessagingError {
            return try Self.errorPage(Problem(error), session: session)
        }
    }

    /// The text with a full stop, unless it already ends a sentence (the messages it quotes do).
    static func sentence(_ text: String) -> String {
        guard let last = text.last, !".!?".contains(last) else { return text }
        return text + "."
    }

    static func view(_ message: Message) -> MessageView {
        let time = Self.time(message.createdAt)
        let inbound = message.direction == .inbound
        var note: String?
        switch message.translationStatus {
        case .pending: note = "Translation pending: the original is shown until the translation service answers."
        case .failed: note = Self.sentence("Not translated: \(message.translationError ?? "the translation failed")")
        case .needsReview: note = Self.sentence("Check this translation: \(message.translationError ?? "it did not pass every check")")
        case .translated, .unchanged: note = nil
        }
        return MessageView(
            id: message.id.uuidString, direction: message.direction.rawValue, inbound: inbound, english: message.shownText,
            original: message.original, showOriginal: inbound && message.original != message.shownText,
            language: message.detectedLanguage?.description,
            // The exact text sent, when it is not the English shown (a bot's English turn, an English contact).
            sentText: inbound || message.sentText == message.shownText ? nil : message.sentText,
            pending: message.translationStatus == .pending, status: message.translationStatus.rawValue, statusNote: note,
            warnings: inbound ? (message.provenance?.warnings ?? []).map(\.text) : [],
            delivery: message.deliveryStatus.rawValue, time: time.shown, timeISO: time.iso,
            flaggable: !inbound && message.leadID == nil && message.sentText.map { !$0.isEmpty && $0 != message.shownText } == true)
    }
}
