internal import Foundation
internal import Hummingbird
internal import Logging
internal import ParleyMessaging
internal import ParleyThreads

/// The team, for admins: people (`/v1/people`), their keys and the messaging core's
/// (`/v1/core-keys`, `/v1/keys/:id`), and every business number (`/v1/admin/numbers`,
/// `/v1/numbers`). A key is in the response that issues it, once. The rules are ``Messaging``'s;
/// reps and the core get 403.
struct TeamController {
    let services: ParleyServices

    func addRoutes(to group: RouterGroup<ParleyRequestContext>) {
        group.get("people", use: people)
        group.post("people", use: invite)
        group.patch("people/:id", use: update)
        group.get("people/:id/keys", use: keys)
        group.post("people/:id/keys", use: issueKey)
        group.post("keys/:id/rotate", use: rotate)
        group.delete("keys/:id", use: revoke)
        group.get("core-keys", use: coreKeys)
        group.post("core-keys", use: issueCoreKey)
        group.get("admin/numbers", use: numbers)
        group.post("numbers", use: addNumber)
        group.put("numbers/:id/rep", use: reassign)
    }

    struct InviteRequest: Decodable {
        var name: String
        var email: String
        var role: Rep.Role?
    }

    struct UpdateRequest: Decodable {
        var name: String?
        var role: Rep.Role?
        var active: Bool?
    }

    struct KeyRequest: Decodable {
        var label: String?
    }

    struct NumberRequest: Decodable {
        var phone: String
        var repID: UUID
    }

    struct ReassignRequest: Decodable {
        var repID: UUID
    }

    /// Everyone, with their numbers and keys (hints only).
    @Sendable func people(_ request: Request, context: ParleyRequestContext) async throws -> JSONResponse<TeamJSON.People> {
        let identity = try context.requireIdentity()
        return JSONResponse(TeamJSON.People(people: try await services.requireMessaging().team(by: identity).map(TeamJSON.Person.init)))
    }

    /// A new rep or admin and their first key, shown once.
    @Sendable func invite(_ request: Request, context: ParleyRequestContext) async throws -> JSONResponse<TeamJSON.Invited> {
        let identity = try context.requireIdentity()
        let messaging = try services.requireMessaging()
        let body = try await JSONBody.decode(InviteRequest.self, from: request)
        let invited = try await messaging.invite(name: body.name, email: body.email, role: body.role ?? .rep, by: identity)
        context.logger.info("person invited", metadata: ["parley.person": "\(invited.person.id)"])
        return JSONResponse(
            TeamJSON.Invited(person: TeamJSON.Person(invited.person, numbers: [], keys: [invited.key.record]), key: .init(invited.key)),
            status: .created)
    }

    /// Renames, changes the role of, deactivates or reactivates a person.
    @Sendable func update(_ request: Request, context: ParleyRequestContext) async throws -> JSONResponse<TeamJSON.Person> {
        let identity = try context.requireIdentity()
        let messaging = try services.requireMessaging()
        let id = try ConversationsController.uuid(context.parameters.get("id") ?? "", "person id")
        let body = try await JSONBody.decode(UpdateRequest.self, from: request)
        let person = try await messaging.updatePerson(id, PersonChange(name: body.name, role: body.role, active: body.active), by: identity)
        return JSONResponse(TeamJSON.Person(try await messaging.member(person.id, by: identity)))
    }

    @Sendable func keys(_ request: Request, context: ParleyRequestContext) async throws -> JSONResponse<TeamJSON.Keys> {
        let identity = try context.requireIdentity()
        let messaging = try services.requireMessaging()
        let id = try ConversationsController.uuid(context.parameters.get("id") ?? "", "person id")
        return JSONResponse(TeamJSON.Keys(keys: try await messaging.keys(of: id, by: identity).map(TeamJSON.Key.init)))
    }

    @Sendable func issueKey(_ request: Request, context: ParleyRequestContext) async throws -> JSONResponse<TeamJSON.IssuedKey> {
        let identity = try context.requireIdentity()
        let messaging = try services.requireMessaging()
        let id = try ConversationsController.uuid(context.parameters.get("id") ?? "", "person id")
        let body = try await Self.keyRequest(request)
        let issued = try await messaging.issueKey(for: id, label: body.label ?? "Key", by: identity)
        return JSONResponse(TeamJSON.IssuedKey(issued), status: .created)
    }

    /// A new key in place of this one, which stops working at once.
    @Sendable func rotate(_ request: Request, context: ParleyRequestContext) async throws -> JSONResponse<TeamJSON.IssuedKey> {
        let identity = try context.requireIdentity()
        let messaging = try services.requireMessaging()
        let id = try ConversationsController.uuid(context.parameters.get("id") ?? "", "key id")
        return JSONResponse(TeamJSON.IssuedKey(try await messaging.rotateKey(id, by: identity)), status: .created)
    }

    /// Revokes a key: it stops working at once, and its person's web sessions end.
    @Sendable func revoke(_ request: Request, context: ParleyRequestContext) async throws -> JSONResponse<TeamJSON.Key> {
        let identity = try context.requireIdentity()
        let messaging = try services.requireMessaging()
        let id = try ConversationsController.uuid(context.parameters.get("id") ?? "", "key id")
        return JSONResponse(TeamJSON.Key(try await messaging.revokeKey(id, by: identity)))
    }

    @Sendable func coreKeys(_ request: Request, context: ParleyRequestContext) async throws -> JSONResponse<TeamJSON.Keys> {
        let identity = try context.requireIdentity()
        return JSONResponse(TeamJSON.Keys(keys: try await services.requireMessaging().coreKeys(by: identity).map(TeamJSON.Key.init)))
    }

    @Sendable func issueCoreKey(_ request: Request, context: ParleyRequestContext) async throws -> JSONResponse<TeamJSON.IssuedKey> {
        let identity = try context.requireIdentity()
        let messaging = try services.requireMessaging()
        let body = try await Self.keyRequest(request)
        return JSONResponse(
            TeamJSON.IssuedKey(try await messaging.issueCoreKey(label: body.label ?? "Messaging core", by: identity)), status: .created)
    }

    /// Every business number with its rep.
    @Sendable func numbers(_ request: Request, context: ParleyRequestContext) async throws -> JSONResponse<TeamJSON.Numbers> {
        let identity = try context.requireIdentity()
        let numbers = try await services.requireMessaging().allNumbers(by: identity)
        return JSONResponse(TeamJSON.Numbers(numbers: numbers.map { TeamJSON.Number($0.number, rep: $0.rep) }))
    }

    @Sendable func addNumber(_ request: Request, context: ParleyRequestContext) async throws -> JSONResponse<TeamJSON.Number> {
        let identity = try context.requireIdentity()
        let messaging = try services.requireMessaging()
        let body = try await JSONBody.decode(NumberRequest.self, from: request)
        let added = try await messaging.addNumber(body.phone, repID: body.repID, by: identity)
        return JSONResponse(TeamJSON.Number(added.number, rep: added.rep), status: .created)
    }

    @Sendable func reassign(_ request: Request, context: ParleyRequestContext) async throws -> JSONResponse<TeamJSON.Number> {
        let identity = try context.requireIdentity()
        let messaging = try services.requireMessaging()
        let id = try ConversationsController.uuid(context.parameters.get("id") ?? "", "number id")
        let body = try await JSONBody.decode(ReassignRequest.self, from: request)
        let moved = try await messaging.reassignNumber(id, to: body.repID, by: identity)
        return JSONResponse(TeamJSON.Number(moved.number, rep: moved.rep))
    }

    /// A key's optional label; an empty body is fine.
    static func keyRequest(_ request: Request) async throws -> KeyRequest {
        var request = request
        let buffer = try await request.collectBody(upTo: JSONBody.maximumBytes)
        guard buffer.readableBytes > 0 else { return KeyRequest() }
        // collectBody left the collected body in the request.
        return try await JSONBody.decode(KeyRequest.self, from: request)
    }
}
