internal import Foundation
internal import Hummingbird
internal import ParleyMessaging
internal import ParleyLanguage
internal import ParleyThreads

/// The admins' translation-memory pages: the review queue (entries reps proposed, each with the
/// engine's wording, to approve, edit or reject), the approved, rejected and superseded entries,
/// TMX import and export, and the history of who did what. Every decision goes through
/// ``Messaging`` (the same path as the JSON API), so an approved entry is used by the next preview
/// on every replica.
struct MemoryPagesController {
    let services: ParleyServices

    func addRoutes(to router: Router<ParleyRequestContext>) {
        router.get("admin/memory", use: listPage)
        router.get("admin/memory/history", use: historyPage)
        router.post("admin/memory/:id", use: review)
    }

    struct Tab {
        var label: String
        var url: String
        var current: Bool
    }

    struct EntryView {
        var id: String
        var source: String
        var target: String
        var machineTarget: String?
        var language: String
        var status: String
        var origin: String
        var note: String?
        var createdBy: String
        var time: String
        var timeISO: String
        var reviewedBy: String?
        var proposed: Bool
        var approved: Bool
    }

    struct Notice {
        var title: String
        var kind: String
    }

    struct ListPage {
        var chrome: WebController.Chrome
        var industry: String
        var status: String
        var tabs: [Tab]
        var entries: [EntryView]
        var isEmpty: Bool
        var notice: Notice?
    }

    struct HistoryLine {
        var time: String
        var timeISO: String
        var by: String
        var action: String
        var target: String
        var note: String?
    }

    struct HistoryPage {
        var chrome: WebController.Chrome
        var industry: String
        var lines: [HistoryLine]
        var isEmpty: Bool
    }

    /// `GET /admin/memory?status=proposed`: the entries in one state, the review queue by default.
    @Sendable func listPage(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        try await asAdmin(context) { session, messaging in
            let asked = request.formQuery["status"] ?? "proposed"
            let status = StoredMemoryEntry.Status(rawValue: asked) ?? .proposed
            let done = request.formQuery["done"]
            let notice = done.flatMap { Self.doneNotice($0) }
            return try await render(session, messaging, status: status, notice: notice)
        }
    }

    func render(
        _ session: WebSessions.Session, _ messaging: Messaging, status: StoredMemoryEntry.Status, notice: Notice?,
        httpStatus: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let entries = try await messaging.memoryEntries(status: status, limit: 200, by: session.identity)
        let industry = try messaging.memoryIndustry()
        let labels: [(StoredMemoryEntry.Status, String)] = [
            (.proposed, "To review"), (.approved, "Approved"), (.rejected, "Rejected"), (.superseded, "Superseded"),
        ]
        let page = ListPage(
            chrome: GlossaryPagesController.chrome("Translation memory", session), industry: industry, status: status.rawValue,
            tabs: labels.map { Tab(label: $0.1, url: "/admin/memory?status=\($0.0.rawValue)", current: $0.0 == status) },
            entries: entries.map(Self.view), isEmpty: entries.isEmpty, notice: notice)
        return try WebTemplates.page("memory", page, status: httpStatus)
    }

    /// `GET /admin/memory/history`: who proposed, approved, edited or rejected what, newest first.
    @Sendable func historyPage(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        try await asAdmin(context) { session, messaging in
            let lines = try await messaging.memoryHistory(limit: 300, by: session.identity).map { line in
                let time = WebController.time(line.at)
                return HistoryLine(
                    time: time.shown, timeISO: time.iso, by: line.by, action: line.action.rawValue, target: line.target, note: line.note)
            }
            let page = HistoryPage(
                chrome: GlossaryPagesController.chrome("Translation memory history", session), industry: try messaging.memoryIndustry(),
                lines: lines, isEmpty: lines.isEmpty)
            return try WebTemplates.page("memory-history", page)
        }
    }

    struct ReviewForm: Decodable {
        var decision: String?
        var target: String?
        var note: String?
        var status: String?
    }

    /// `POST /admin/memory/:id`: approve, reject or save an entry from the queue; back to the list
    /// it was reviewed from, with what was done, or the list with why not.
    @Sendable func review(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: WebSessionMiddleware.formLimit)
        return try await asAdmin(context) { session, messaging in
            let form = (try? URLEncodedFormDecoder().decode(ReviewForm.self, from: String(buffer: body))) ?? ReviewForm()
            let back = StoredMemoryEntry.Status(rawValue: form.status ?? "") ?? .proposed
            guard let id = UUID(uuidString: context.parameters.get("id") ?? ""),
                let decision = MemoryDecision(rawValue: form.decision ?? "")
            else {
                return try await render(
                    session, messaging, status: back, notice: Notice(title: "Choose approve, save or reject.", kind: "error"),
                    httpStatus: .badRequest)
            }
            do throws(MessagingError) {
                _ = try await messaging.reviewMemoryEntry(id, decision, target: form.target, note: form.note, by: session.identity)
            } catch {
                let problem = Problem(error)
                return try await render(
                    session, messaging, status: back, notice: Notice(title: "\(problem.title): \(problem.detail)", kind: "error"),
                    httpStatus: problem.status)
            }
            let done =
                switch decision {
                case .approve: "approved"
                case .reject: "rejected"
                case .save: "saved"
                }
            return Response.redirect(to: "/admin/memory?status=\(back.rawValue)&done=\(done)", type: .found)
        }
    }

    static func doneNotice(_ done: String) -> Notice? {
        switch done {
        case "approved": Notice(title: "Approved: the next reply with this sentence uses this wording.", kind: "success")
        case "rejected": Notice(title: "Rejected: replies do not use this wording.", kind: "success")
        case "saved": Notice(title: "Saved.", kind: "success")
        default: nil
        }
    }

    static func view(_ entry: StoredMemoryEntry) -> EntryView {
        let time = WebController.time(entry.updatedAt)
        return EntryView(
            id: entry.id.uuidString, source: entry.source, target: entry.target.isEmpty ? (entry.machineTarget ?? "") : entry.target,
            machineTarget: entry.machineTarget, language: entry.targetLanguage.identifier, status: entry.status.rawValue,
            origin: entry.origin.rawValue, note: entry.note, createdBy: entry.createdBy, time: time.shown, timeISO: time.iso,
            reviewedBy: entry.reviewedBy, proposed: entry.status == .proposed, approved: entry.status == .approved)
    }

    static let adminsOnly = Problem(
        .forbidden, "Admins only", detail: "The translation memory is reviewed by admins; flag a reply in its thread to propose wording.")

    /// Runs a page for a signed-in admin of a service with a store.
    func asAdmin(
        _ context: ParleyRequestContext, _ page: (WebSessions.Session, Messaging) async throws -> Response
    ) async throws -> Response {
        try await GlossaryPagesController.asAdmin(context, forbidden: Self.adminsOnly) { session in
            try await page(session, try services.requireMessaging())
        }
    }
}
