internal import Foundation
internal import Hummingbird
internal import ParleyMessaging
internal import ParleyThreads

extension TeamPagesController {
    struct NumberRow {
        var id: String
        var phone: String
        var repName: String
        var repURL: String
        var reps: [Option]
    }

    struct NumbersPage {
        var chrome: WebController.Chrome
        var notice: Notice?
        var numbers: [NumberRow]
        var isEmpty: Bool
        var reps: [Option]
        var hasReps: Bool
        var phone: String
    }

    /// `GET /admin/numbers`: every business number with its rep, a form to add one, and one to
    /// reassign each.
    @Sendable func numbersPage(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        try await asAdmin(context) { session, messaging in
            let done = request.uri.queryParameters["done"].map(String.init)
            return try await renderNumbers(session, messaging, notice: Self.doneNotice(done))
        }
    }

    func renderNumbers(
        _ session: WebSessions.Session, _ messaging: Messaging, notice: Notice? = nil, phone: String = "", repID: UUID? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let numbers = try await messaging.allNumbers(by: session.identity)
        let active = try await messaging.team(by: session.identity).map(\.person).filter(\.isActive)
        let options = { (selected: UUID?) in
            active.map { Option(value: $0.id.uuidString, label: "\($0.name) (\($0.email))", selected: $0.id == selected) }
        }
        let rows = numbers.map { assignment in
            NumberRow(
                id: assignment.number.id.uuidString, phone: assignment.number.phone.e164,
                repName: assignment.rep.name + (assignment.rep.isActive ? "" : " (deactivated)"),
                repURL: "/admin/team/\(assignment.rep.id.uuidString)", reps: options(assignment.rep.id))
        }
        let page = NumbersPage(
            chrome: Self.chrome("Numbers", session), notice: notice, numbers: rows, isEmpty: rows.isEmpty, reps: options(repID),
            hasReps: !active.isEmpty, phone: phone)
        return try WebTemplates.page("team-numbers", page, status: status)
    }

    struct NumberFields: Decodable {
        var phone: String?
        var repID: String?
    }

    /// `POST /admin/numbers`: adds a number for a rep.
    @Sendable func addNumber(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        let form = try await Self.form(NumberFields.self, request, empty: NumberFields())
        return try await asAdmin(context) { session, messaging in
            let repID = UUID(uuidString: form.repID ?? "")
            let outcome = await Self.attempt { () async throws(MessagingError) in
                guard let repID else { throw MessagingError(code: .invalidInput, title: "No rep", message: "Choose the rep who answers from this number.") }
                return try await messaging.addNumber(form.phone ?? "", repID: repID, by: session.identity)
            }
            if case .failure(let error) = outcome {
                let (notice, status) = Self.notice(error)
                return try await renderNumbers(session, messaging, notice: notice, phone: form.phone ?? "", repID: repID, status: status)
            }
            return Response.redirect(to: "/admin/numbers?done=added", type: .found)
        }
    }

    /// `POST /admin/numbers/:id`: reassigns a number (and its conversations) to another rep.
    @Sendable func reassignNumber(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        let form = try await Self.form(NumberFields.self, request, empty: NumberFields())
        return try await asAdmin(context) { session, messaging in
            guard let id = UUID(uuidString: context.parameters.get("id") ?? "") else {
                throw Problem(.notFound, "No such number", detail: "This address names no business number; open it from the Numbers page.")
            }
            let repID = UUID(uuidString: form.repID ?? "")
            let outcome = await Self.attempt { () async throws(MessagingError) in
                guard let repID else { throw MessagingError(code: .invalidInput, title: "No rep", message: "Choose the rep who takes this number.") }
                return try await messaging.reassignNumber(id, to: repID, by: session.identity)
            }
            if case .failure(let error) = outcome {
                let (notice, status) = Self.notice(error)
                return try await renderNumbers(session, messaging, notice: notice, status: status)
            }
            return Response.redirect(to: "/admin/numbers?done=reassigned", type: .found)
        }
    }
}
