internal import Foundation
internal import Hummingbird
internal import Logging
internal import ParleyLanguage
internal import ParleyMessaging
internal import ParleyThreads
internal import ParleyTranslation

/// `POST /v1/leads`: a lead handed over by an intake bot (the messaging core or an admin may call
/// it), stored by ``Messaging/importLead(_:by:)``: the contact's turns are translated by jobs.
struct LeadsController {
    let services: ParleyServices

    struct LeadRequest: Decodable {
        /// The business number the lead goes to.
        var number: String
        /// The contact's number.
        var phone: String
        /// The contact's name, when the bot asked.
        var name: String?
        /// Where the lead came from; `bot` when not given.
        var source: String?
        var transcript: [Turn]

        struct Turn: Decodable {
            var speaker: String
            var text: String
            /// ISO 8601; the time of the request when missing.
            var at: String?
            /// For a bot turn in the contact's language: the English it said, when the bot knows it.
            var english: String?
        }
    }

    func addRoutes(to group: RouterGroup<ParleyRequestContext>) {
        group.post("leads") { request, context -> JSONResponse<ImportedLead> in
            let identity = try context.requireIdentity()
            let messaging = try services.requireMessaging()
            // Refused before the body is read: a rep learns nothing from its checks.
            try Messaging.checkMayImportLeads(identity)
            let body = try await JSONBody.decode(LeadRequest.self, from: request)
            return JSONResponse(try await messaging.importLead(try Self.lead(body), by: identity), status: .created)
        }
        addQueueRoutes(to: group)
    }

    /// The lead a request describes, checked.
    static func lead(_ body: LeadRequest) throws -> LeadImport {
        let number = try Self.phone(body.number, field: "number")
        let phone = try Self.phone(body.phone, field: "phone")
        let now = Date()
        var turns: [LeadTurn] = []
        for (index, turn) in body.transcript.enumerated() {
            guard let speaker = LeadTurn.Speaker(rawValue: turn.speaker) else {
                throw Problem(.badRequest, "Unknown speaker", detail: "Turn \(index + 1) has speaker '\(turn.speaker)'; use contact or bot.")
            }
            guard !turn.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw Problem(.badRequest, "Empty turn", detail: "Turn \(index + 1) has no text.")
            }
            turns.append(LeadTurn(
                speaker: speaker, text: turn.text, at: try turn.at.map { try Self.date($0, turn: index + 1) } ?? now, english: turn.english))
        }
        let givenSource = body.source?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        return LeadImport(number: number, phone: phone, name: body.name, source: givenSource.isEmpty ? "bot" : givenSource, transcript: turns)
    }

    static func phone(_ text: String, field: String) throws -> PhoneNumber {
        do {
            return try PhoneNumber(parsing: text)
        } catch {
            throw Problem(.badRequest, "Invalid phone number", detail: "'\(field)' is not a phone number: \(error.message)")
        }
    }

    static func date(_ text: String, turn: Int) throws -> Date {
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        throw Problem(.badRequest, "Invalid time", detail: "Turn \(turn) has 'at' '\(text)', which is not an ISO 8601 time such as 2025-05-01T14:30:00Z.")
    }
}
