internal import Foundation
internal import Hummingbird
internal import Logging
internal import ParleyMessaging
internal import ParleyThreads

/// The admins' team pages: `/admin/team` (everyone with role, status, numbers and key hints; the
/// invite form; the messaging core's keys), `/admin/team/:id` (one person: name and role,
/// deactivate or reactivate, keys to issue, rotate or revoke, numbers) and `/admin/numbers` (add a
/// number for a rep, reassign each). Every change goes through ``Messaging``, as the JSON API's
/// does. A new key is shown once, on the page that answers the POST that issued it (never in a
/// URL), with a note to copy it now.
struct TeamPagesController {
    let services: ParleyServices

    func addRoutes(to router: Router<ParleyRequestContext>) {
        router.get("admin/team", use: teamPage)
        router.post("admin/team", use: invite)
        router.post("admin/team/core-keys", use: issueCoreKey)
        router.get("admin/team/:id", use: personPage)
        router.post("admin/team/:id/profile", use: updateProfile)
        router.post("admin/team/:id/active", use: setActive)
        router.post("admin/team/:id/keys", use: issueKey)
        router.post("admin/keys/:id/rotate", use: rotateKey)
        router.post("admin/keys/:id/revoke", use: revokeKey)
        router.get("admin/numbers", use: numbersPage)
        router.post("admin/numbers", use: addNumber)
        router.post("admin/numbers/:id", use: reassignNumber)
    }

    // MARK: - Views

    struct Notice {
        var title: String
        var kind: String
    }

    /// A key just issued, shown once.
    struct NewKey {
        var key: String
        var owner: String
        var label: String
    }

    struct KeyRow {
        var id: String
        var label: String
        var hint: String
        var created: String
        var createdISO: String
        var createdBy: String
        var lastUsed: String
        var lastUsedISO: String?
        var active: Bool
        var status: String
    }

    struct PersonRow {
        var id: String
        var url: String
        var name: String
        var email: String
        var role: String
        var active: Bool
        var status: String
        var numbers: String
        var keys: String
    }

    struct InviteForm {
        var name = ""
        var email = ""
        var admin = false
    }

    struct TeamPage {
        var chrome: WebController.Chrome
        var notice: Notice?
        var newKey: NewKey?
        var people: [PersonRow]
        var coreKeys: [KeyRow]
        var hasCoreKeys: Bool
        var invite: InviteForm
    }

    static let adminsOnly = Problem(
        .forbidden, "Admins only", detail: "The team, its keys and its numbers are managed by admins. Ask an admin for a change.")

    /// The chrome of these pages: the shared layout with the team pages' stylesheet and script.
    static func chrome(_ title: String, _ session: WebSessions.Session) -> WebController.Chrome {
        var chrome = WebController.Chrome(title: title, session: session)
        chrome.pageCSS = AssetsController.url("team.css")
        chrome.pageJS = AssetsController.url("team.js")
        return chrome
    }

    static func keyRow(_ key: StoredAccessKey) -> KeyRow {
        let created = WebController.time(key.createdAt)
        return KeyRow(
            id: key.id.uuidString, label: key.label, hint: "…" + key.hint, created: created.shown, createdISO: created.iso,
            createdBy: key.createdBy, lastUsed: key.lastUsedAt.map { WebController.time($0).shown } ?? "never",
            lastUsedISO: key.lastUsedAt.map { WebController.time($0).iso }, active: key.isActive,
            status: key.revokedAt.map { "Revoked " + WebController.time($0).shown } ?? "Active")
    }

    static func status(_ person: Rep) -> String { person.isActive ? "Active" : "Deactivated" }

    static func roleName(_ role: Rep.Role) -> String { role == .admin ? "Admin" : "Rep" }

    /// A refusal as a notice, with the problem's status.
    static func notice(_ error: MessagingError) -> (Notice, HTTPResponse.Status) {
        let problem = Problem(error)
        return (Notice(title: "\(problem.title): \(problem.detail)", kind: "error"), problem.status)
    }

    static func doneNotice(_ done: String?) -> Notice? {
        let text: String? =
            switch done {
            case "saved": "Saved."
            case "deactivated": "Deactivated: their keys are revoked and they are signed out everywhere."
            case "reactivated": "Reactivated. Issue them a key so they can sign in."
            case "revoked": "Key revoked: it no longer works, and its person is signed out everywhere."
            case "added": "Number added."
            case "reassigned": "Number reassigned: its conversations moved with it."
            default: nil
            }
        return text.map { Notice(title: $0, kind: "success") }
    }

    /// A POSTed form, decoded; an empty form when it does not parse (its fields are checked by Messaging).
    static func form<Form: Decodable>(_ type: Form.Type, _ request: Request, empty: Form) async throws -> Form {
        var request = request
        let body = try await request.collectBody(upTo: WebSessionMiddleware.formLimit)
        return (try? URLEncodedFormDecoder().decode(Form.self, from: String(buffer: body))) ?? empty
    }

    /// A workflow's outcome, so a page can render either way (rendering throws untyped errors).
    static func attempt<T>(_ work: () async throws(MessagingError) -> T) async -> Result<T, MessagingError> {
        do throws(MessagingError) {
            return .success(try await work())
        } catch {
            return .failure(error)
        }
    }

    /// Runs a page for a signed-in admin of a service with a store.
    func asAdmin(
        _ context: ParleyRequestContext, _ page: (WebSessions.Session, Messaging) async throws -> Response
    ) async throws -> Response {
        try await GlossaryPagesController.asAdmin(context, forbidden: Self.adminsOnly) { session in
            try await page(session, try services.requireMessaging())
        }
    }

    // MARK: - The team

    /// `GET /admin/team`: everyone, the invite form, the messaging core's keys.
    @Sendable func teamPage(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        try await asAdmin(context) { session, messaging in
            let done = request.uri.queryParameters["done"].map(String.init)
            return try await renderTeam(session, messaging, notice: Self.doneNotice(done))
        }
    }

    func renderTeam(
        _ session: WebSessions.Session, _ messaging: Messaging, notice: Notice? = nil, newKey: NewKey? = nil,
        invite: InviteForm = InviteForm(), status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let team = try await messaging.team(by: session.identity)
        let coreKeys = try await messaging.coreKeys(by: session.identity)
        let people = team.map { member in
            let active = member.keys.filter(\.isActive)
            return PersonRow(
                id: member.person.id.uuidString, url: "/admin/team/\(member.person.id.uuidString)", name: member.person.name,
                email: member.person.email, role: Self.roleName(member.person.role), active: member.person.isActive,
                status: Self.status(member.person),
                numbers: member.numbers.isEmpty ? "None" : member.numbers.map(\.phone.e164).joined(separator: ", "),
                keys: active.isEmpty ? "None" : active.map { "…" + $0.hint }.joined(separator: ", "))
        }
        let page = TeamPage(
            chrome: Self.chrome("Team", session), notice: notice, newKey: newKey, people: people, coreKeys: coreKeys.map(Self.keyRow),
            hasCoreKeys: !coreKeys.isEmpty, invite: invite)
        return try WebTemplates.page("team", page, status: status)
    }

    struct InviteFields: Decodable {
        var name: String?
        var email: String?
        var role: String?
    }

    /// `POST /admin/team`: invites a person; the page shows their first key once.
    @Sendable func invite(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        let form = try await Self.form(InviteFields.self, request, empty: InviteFields())
        return try await asAdmin(context) { session, messaging in
            let role: Rep.Role = form.role == "admin" ? .admin : .rep
            let values = InviteForm(name: form.name ?? "", email: form.email ?? "", admin: role == .admin)
            switch await Self.attempt({ () async throws(MessagingError) in
                try await messaging.invite(name: form.name ?? "", email: form.email ?? "", role: role, by: session.identity)
            }) {
            case .success(let invited):
                context.logger.info("person invited", metadata: ["parley.person": "\(invited.person.id)"])
                return try await renderTeam(
                    session, messaging, notice: Notice(title: "\(invited.person.name) was added as a \(role.rawValue).", kind: "success"),
                    newKey: NewKey(key: invited.key.key, owner: invited.person.name, label: invited.key.record.label))
            case .failure(let error):
                let (notice, status) = Self.notice(error)
                return try await renderTeam(session, messaging, notice: notice, invite: values, status: status)
            }
        }
    }

    struct KeyFields: Decodable {
        var label: String?
    }

    /// `POST /admin/team/core-keys`: a key for the messaging core, shown once.
    @Sendable func issueCoreKey(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        let form = try await Self.form(KeyFields.self, request, empty: KeyFields())
        return try await asAdmin(context) { session, messaging in
            switch await Self.attempt({ () async throws(MessagingError) in
                try await messaging.issueCoreKey(label: form.label ?? "Messaging core", by: session.identity)
            }) {
            case .success(let issued):
                return try await renderTeam(
                    session, messaging, newKey: NewKey(key: issued.key, owner: "the messaging core", label: issued.record.label))
            case .failure(let error):
                let (notice, status) = Self.notice(error)
                return try await renderTeam(session, messaging, notice: notice, status: status)
            }
        }
    }
}
