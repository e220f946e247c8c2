public import Foundation
public import ParleyThreads

/// What the operator, who has the database, does without an identity: set up the first admin of a
/// new install, or give an admin who lost their key a new one. Only the command line
/// (`parley admin create-admin`) uses it; the service never does.
public struct TeamOperator: Sendable {
    let roster: TeamRoster

    /// - Parameters:
    ///   - store: the store, opened by the operator.
    ///   - now: the wall clock.
    public init(store: any ThreadStore, now: @escaping @Sendable () -> Date = { Date() }) {
        roster = TeamRoster(store: store, now: now)
    }

    /// Creates an admin and their first key; for an existing admin (reactivated if they were
    /// deactivated), issues a new key. The key is shown once. Refused for the email of a rep: an
    /// admin changes their role in the app.
    /// - Parameters:
    ///   - email: the admin's email.
    ///   - name: their name, for a new admin.
    public func createAdmin(email: String, name: String) async throws(MessagingError) -> Invitation {
        let email = try TeamRoster.email(email)
        let store = roster.store
        guard var existing = try await MessagingError.store({ () async throws(ThreadStoreError) in try await store.rep(email: email) }) else {
            return try await roster.invite(name: name, email: email, role: .admin, by: "operator")
        }
        guard existing.role == .admin else {
            throw .invalidInput(
                "Not an admin", "\(email) is a rep here. An admin can make them an admin in the app, or create an admin with another email.")
        }
        if !existing.isActive {
            let id = existing.id
            existing = try await MessagingError.store { () async throws(ThreadStoreError) in try await store.reactivateRep(id: id) }
        }
        return Invitation(person: existing, key: try await roster.issue(for: existing.id, label: "Command line", by: "operator"))
    }
}

extension TeamOperator {
    /// Everyone, by name, with their numbers and keys (hints only), for the operator's listing.
    public func team() async throws(MessagingError) -> [TeamMember] {
        let store = roster.store
        return try await MessagingError.store { () async throws(ThreadStoreError) in
            let numbers = try await store.businessNumbers(repID: nil)
            var members: [TeamMember] = []
            for person in try await store.reps() {
                members.append(
                    TeamMember(
                        person: person, numbers: numbers.filter { $0.repID == person.id }, keys: try await store.accessKeys(personID: person.id)))
            }
            return members
        }
    }
}
