internal import Foundation
internal import Hummingbird
internal import ParleyMessaging
internal import ParleyThreads

extension TeamPagesController {
    struct Option {
        var value: String
        var label: String
        var selected: Bool
    }

    struct PersonView {
        var id: String
        var name: String
        var email: String
        var role: String
        var active: Bool
        var status: String
        var roles: [Option]
    }

    struct PersonPage {
        var chrome: WebController.Chrome
        var notice: Notice?
        var newKey: NewKey?
        var person: PersonView
        var keys: [KeyRow]
        var hasKeys: Bool
        var numbers: [String]
        var hasNumbers: Bool
        var numbersLabel: String
    }

    /// `GET /admin/team/:id`: one person, their keys and numbers.
    @Sendable func personPage(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        try await asAdmin(context) { session, messaging in
            let id = try Self.personID(context)
            let done = request.uri.queryParameters["done"].map(String.init)
            return try await renderPerson(id, session, messaging, notice: Self.doneNotice(done))
        }
    }

    func renderPerson(
        _ id: UUID, _ session: WebSessions.Session, _ messaging: Messaging, notice: Notice? = nil, newKey: NewKey? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let member = try await messaging.member(id, by: session.identity)
        let person = member.person
        let view = PersonView(
            id: person.id.uuidString, name: person.name, email: person.email, role: Self.roleName(person.role), active: person.isActive,
            status: Self.status(person),
            roles: Rep.Role.allCases.map { Option(value: $0.rawValue, label: Self.roleName($0), selected: $0 == person.role) })
        let numbers = member.numbers.map(\.phone.e164)
        let page = PersonPage(
            chrome: Self.chrome(person.name, session), notice: notice, newKey: newKey, person: view, keys: member.keys.map(Self.keyRow),
            hasKeys: !member.keys.isEmpty, numbers: numbers, hasNumbers: !numbers.isEmpty,
            numbersLabel: numbers.count == 1 ? "1 number" : "\(numbers.count) numbers")
        return try WebTemplates.page("team-person", page, status: status)
    }

    static func personID(_ context: ParleyRequestContext) throws -> UUID {
        guard let id = UUID(uuidString: context.parameters.get("id") ?? "") else {
            throw Problem(.notFound, "No such person", detail: "This address names nobody on the team; open them from the Team page.")
        }
        return id
    }

    struct ProfileFields: Decodable {
        var name: String?
        var role: String?
    }

    /// `POST /admin/team/:id/profile`: a new name or role.
    @Sendable func updateProfile(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        let form = try await Self.form(ProfileFields.self, request, empty: ProfileFields())
        return try await asAdmin(context) { session, messaging in
            let id = try Self.personID(context)
            let change = PersonChange(name: form.name, role: form.role.flatMap(Rep.Role.init(rawValue:)))
            if case .failure(let error) = await Self.attempt({ () async throws(MessagingError) in
                try await messaging.updatePerson(id, change, by: session.identity)
            }) {
                let (notice, status) = Self.notice(error)
                return try await renderPerson(id, session, messaging, notice: notice, status: status)
            }
            return Response.redirect(to: "/admin/team/\(id.uuidString)?done=saved", type: .found)
        }
    }

    struct ActiveFields: Decodable {
        var active: String?
    }

    /// `POST /admin/team/:id/active`: deactivate (`active=false`) or reactivate (`active=true`).
    @Sendable func setActive(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        let form = try await Self.form(ActiveFields.self, request, empty: ActiveFields())
        return try await asAdmin(context) { session, messaging in
            let id = try Self.personID(context)
            // Only the form's own values: anything else must not sign someone out everywhere.
            guard let active = ["true": true, "false": false][form.active ?? ""] else {
                throw Problem(.badRequest, "Deactivate or reactivate?", detail: "The form's active field must be true or false. Reload the page and try again.")
            }
            if case .failure(let error) = await Self.attempt({ () async throws(MessagingError) in
                try await messaging.updatePerson(id, PersonChange(active: active), by: session.identity)
            }) {
                let (notice, status) = Self.notice(error)
                return try await renderPerson(id, session, messaging, notice: notice, status: status)
            }
            return Response.redirect(to: "/admin/team/\(id.uuidString)?done=\(active ? "reactivated" : "deactivated")", type: .found)
        }
    }

    /// `POST /admin/team/:id/keys`: a new key for the person, shown once.
    @Sendable func issueKey(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        let form = try await Self.form(KeyFields.self, request, empty: KeyFields())
        return try await asAdmin(context) { session, messaging in
            let id = try Self.personID(context)
            switch await Self.attempt({ () async throws(MessagingError) in
                (try await messaging.issueKey(for: id, label: form.label ?? "Key", by: session.identity),
                 try await messaging.member(id, by: session.identity).person)
            }) {
            case .success(let (issued, person)):
                return try await renderPerson(
                    id, session, messaging, newKey: NewKey(key: issued.key, owner: person.name, label: issued.record.label))
            case .failure(let error):
                let (notice, status) = Self.notice(error)
                return try await renderPerson(id, session, messaging, notice: notice, status: status)
            }
        }
    }

    /// `POST /admin/keys/:id/rotate`: a new key in place of this one (which stops working at once),
    /// shown once on its person's page, or the team page for a messaging core key.
    @Sendable func rotateKey(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        _ = try await Self.form(KeyFields.self, request, empty: KeyFields())
        return try await asAdmin(context) { session, messaging in
            let keyID = try Self.keyID(context)
            switch await Self.attempt({ () async throws(MessagingError) in
                let issued = try await messaging.rotateKey(keyID, by: session.identity)
                var person: Rep?
                if let id = issued.record.personID { person = try await messaging.member(id, by: session.identity).person }
                return (issued, person)
            }) {
            case .success(let (issued, person)):
                guard let person else {
                    return try await renderTeam(
                        session, messaging, newKey: NewKey(key: issued.key, owner: "the messaging core", label: issued.record.label))
                }
                return try await renderPerson(
                    person.id, session, messaging, newKey: NewKey(key: issued.key, owner: person.name, label: issued.record.label))
            case .failure(let error):
                return try await refusedKeyAction(keyID, error, session, messaging)
            }
        }
    }

    /// `POST /admin/keys/:id/revoke`: the key stops working at once; back to its person's page (or the team page).
    @Sendable func revokeKey(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        _ = try await Self.form(KeyFields.self, request, empty: KeyFields())
        return try await asAdmin(context) { session, messaging in
            let keyID = try Self.keyID(context)
            switch await Self.attempt({ () async throws(MessagingError) in try await messaging.revokeKey(keyID, by: session.identity) }) {
            case .success(let key):
                let back = key.personID.map { "/admin/team/\($0.uuidString)" } ?? "/admin/team"
                return Response.redirect(to: back + "?done=revoked", type: .found)
            case .failure(let error):
                return try await refusedKeyAction(keyID, error, session, messaging)
            }
        }
    }

    /// A key action refused: the key's person's page (or the team page) with why.
    private func refusedKeyAction(
        _ keyID: UUID, _ error: MessagingError, _ session: WebSessions.Session, _ messaging: Messaging
    ) async throws -> Response {
        let (notice, status) = Self.notice(error)
        if let personID = try? await messaging.store.accessKey(id: keyID).personID {
            return try await renderPerson(personID, session, messaging, notice: notice, status: status)
        }
        return try await renderTeam(session, messaging, notice: notice, status: status)
    }

    static func keyID(_ context: ParleyRequestContext) throws -> UUID {
        guard let id = UUID(uuidString: context.parameters.get("id") ?? "") else {
            throw Problem(.notFound, "No such key", detail: "This address names no key; open it from the Team page.")
        }
        return id
    }
}
