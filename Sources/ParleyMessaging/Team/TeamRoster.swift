internal import Foundation
internal import ParleyThreads

/// The team's rules and workflows over a store, for ``Messaging`` (an admin's requests) and
/// ``TeamOperator`` (the command line): a valid, unique email; keys issued as `pk_…` and stored as
/// their SHA-256; numbers parsed as E.164.
struct TeamRoster: Sendable {
    let store: any ThreadStore
    let now: @Sendable () -> Date

    /// An email trimmed and lowercased, or a refusal that says how to write one.
    static func email(_ text: String) throws(MessagingError) -> String {
        let email = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard email.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."),
            !parts[1].hasSuffix("."), !email.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.properties.generalCategory == .control || ",=:".unicodeScalars.contains($0) })
        else {
            throw .invalidInput(
                "Not an email address", "'\(text.trimmingCharacters(in: .whitespacesAndNewlines))' is not an email address; give one like dana@example.com.")
        }
        return email
    }

    /// A person's name, trimmed; refused when empty.
    static func name(_ text: String) throws(MessagingError) -> String {
        let name = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { throw .invalidInput("No name", "Give the person's name, e.g. Dana Reyes.") }
        guard name.count <= 100 else { throw .invalidInput("Name too long", "Give a name of at most 100 characters.") }
        return name
    }

    /// A business number as typed, or a refusal that says what is wrong with it.
    static func phone(_ text: String) throws(MessagingError) -> PhoneNumber {
        do {
            return try PhoneNumber(parsing: text)
        } catch {
            throw .invalidInput("Not a phone number", "'\(text.trimmingCharacters(in: .whitespacesAndNewlines))': \(error.message)")
        }
    }

    /// Creates a person and their first key.
    func invite(name: String, email: String, role: Rep.Role, by issuer: String) async throws(MessagingError) -> Invitation {
        let name = try Self.name(name)
        let email = try Self.email(email)
        let person: Rep
        do {
            person = try await store.createRep(name: name, email: email, role: role)
        } catch {
            if error.code == .conflict {
                throw MessagingError(
                    code: .conflict, title: "Email already used",
                    message: "Someone here already has the email \(email), in any case. Find them in the team list, or use another email.",
                    cause: error)
            }
            throw MessagingError(error)
        }
        return Invitation(person: person, key: try await issue(for: person.id, label: "First key", by: issuer))
    }

    /// Issues a key for a person, or for the messaging core (`personID` nil).
    func issue(for personID: UUID?, label: String, by issuer: String) async throws(MessagingError) -> IssuedKey {
        let key = AccessKeyMaterial.generate()
        let record = StoredAccessKey(
            digest: AccessKeyMaterial.digest(key), personID: personID, label: label, hint: AccessKeyMaterial.hint(key),
            createdAt: now(), createdBy: issuer)
        let stored = try await MessagingError.store { () async throws(ThreadStoreError) in try await store.createAccessKey(record) }
        return IssuedKey(key: key, record: stored)
    }

    /// Replaces a key with a new one (same person and label); the old one stops working at once.
    func rotate(_ id: UUID, by issuer: String) async throws(MessagingError) -> IssuedKey {
        let old = try await MessagingError.store { () async throws(ThreadStoreError) in try await store.accessKey(id: id) }
        let key = AccessKeyMaterial.generate()
        let record = StoredAccessKey(
            digest: AccessKeyMaterial.digest(key), personID: old.personID, label: old.label, hint: AccessKeyMaterial.hint(key),
            createdAt: now(), createdBy: issuer)
        let stored = try await MessagingError.store { () async throws(ThreadStoreError) in
            try await store.rotateAccessKey(id: id, replacement: record)
        }
        return IssuedKey(key: key, record: stored)
    }
}
