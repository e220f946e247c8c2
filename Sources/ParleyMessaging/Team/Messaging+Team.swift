public import Foundation
public import ParleyThreads

/// The team, managed by admins: people (invite, rename, change role, deactivate and reactivate),
/// their keys and the messaging core's (issue, rotate, revoke; a key is shown once), and the
/// business numbers (add for a rep, reassign). Reps and the messaging core are refused.
///
/// The rules: an email is valid and unique regardless of case; someone stays an active admin; a
/// person who still holds numbers is not deactivated (their numbers are reassigned first);
/// numbers and keys go to active people only; a number is E.164 and added once. Deactivating a
/// person, or revoking or rotating their key, ends their web sessions on every replica at once.
///
/// ```swift
/// let invited = try await messaging.invite(name: "Dana Reyes", email: "dana@example.com", role: .rep, by: .admin(adminID))
/// print(invited.key.key)   // shown once
/// _ = try await messaging.addNumber("+1 410 555 0100", repID: invited.person.id, by: .admin(adminID))
/// ```
extension Messaging {
    var roster: TeamRoster { TeamRoster(store: store, now: now) }

    /// The admin asking, or ``MessagingError/Code/forbidden`` for a rep or the messaging core.
    func requireAdmin(_ identity: Identity) async throws(MessagingError) -> Rep {
        guard case .admin(let id) = identity else {
            throw .forbidden("Admins only", "Only an admin can manage the team, its keys and its numbers. Ask an admin to do it.")
        }
        return try await MessagingError.store { () async throws(ThreadStoreError) in try await store.rep(id: id) }
    }

    // MARK: People

    /// Everyone, by name, with their numbers and keys.
    /// - Parameters:
    ///   - identity: an admin.
    public func team(by identity: Identity) async throws(MessagingError) -> [TeamMember] {
        _ = try await requireAdmin(identity)
        let (people, numbers) = try await MessagingError.store { () async throws(ThreadStoreError) in
            (try await store.reps(), try await store.businessNumbers(repID: nil))
        }
        var members: [TeamMember] = []
        for person in people {
            let keys = try await MessagingError.store { () async throws(ThreadStoreError) in try await store.accessKeys(personID: person.id) }
            members.append(TeamMember(person: person, numbers: numbers.filter { $0.repID == person.id }, keys: keys))
        }
        return members
    }

    /// One person with their numbers and keys.
    /// - Parameters:
    ///   - id: the person.
    ///   - identity: an admin.
    public func member(_ id: UUID, by identity: Identity) async throws(MessagingError) -> TeamMember {
        _ = try await requireAdmin(identity)
        return try await MessagingError.store { () async throws(ThreadStoreError) in
            TeamMember(
                person: try await store.rep(id: id), numbers: try await store.businessNumbers(repID: id),
                keys: try await store.accessKeys(personID: id))
        }
    }

    /// Adds a rep or admin and issues their first key, which the admin hands over: it is shown once.
    /// - Parameters:
    ///   - name: their display name.
    ///   - email: their email, valid and unique regardless of case; it is how they sign in.
    ///   - role: rep or admin.
    ///   - identity: an admin.
    public func invite(name: String, email: String, role: Rep.Role, by identity: Identity) async throws(MessagingError) -> Invitation {
        let admin = try await requireAdmin(identity)
        return try await roster.invite(name: name, email: email, role: role, by: admin.email)
    }

    /// Renames a person and changes their role, or deactivates or reactivates them: the status in a
    /// change of its own, so a refused deactivation never leaves a half-applied change behind.
    /// Refused when it would leave no active admin, or deactivate someone who still holds numbers.
    /// - Parameters:
    ///   - id: the person.
    ///   - change: what changes.
    ///   - identity: an admin.
    public func updatePerson(_ id: UUID, _ change: PersonChange, by identity: Identity) async throws(MessagingError) -> Rep {
        _ = try await requireAdmin(identity)
        if change.active != nil, change.name != nil || change.role != nil {
            throw .invalidInput(
                "One change at a time", "Deactivate or reactivate a person on its own, then change their name or role in another request.")
        }
        var name: String?
        if let text = change.name { name = try TeamRoster.name(text) }
        return try await MessagingError.store { [name] () async throws(ThreadStoreError) in
            var person = try await store.rep(id: id)
            if change.active == true { person = try await store.reactivateRep(id: id) }
            if name != nil || change.role != nil { person = try await store.updateRep(id: id, name: name, role: change.role) }
            if change.active == false { person = try await store.deactivateRep(id: id) }
            return person
        }
    }

    // MARK: Keys

    /// A person's keys (hints only), newest first.
    /// - Parameters:
    ///   - personID: the person.
    ///   - identity: an admin.
    public func keys(of personID: UUID, by identity: Identity) async throws(MessagingError) -> [StoredAccessKey] {
        _ = try await requireAdmin(identity)
        return try await MessagingError.store { () async throws(ThreadStoreError) in
            _ = try await store.rep(id: personID)
            return try await store.accessKeys(personID: personID)
        }
    }

    /// Issues a key for an active person, shown once.
    /// - Parameters:
    ///   - personID: the person.
    ///   - label: what it is for, e.g. "Laptop".
    ///   - identity: an admin.
    public func issueKey(for personID: UUID, label: String, by identity: Identity) async throws(MessagingError) -> IssuedKey {
        let admin = try await requireAdmin(identity)
        return try await roster.issue(for: personID, label: label, by: admin.email)
    }

    /// The messaging core's keys (hints only), newest first.
    /// - Parameters:
    ///   - identity: an admin.
    public func coreKeys(by identity: Identity) async throws(MessagingError) -> [StoredAccessKey] {
        _ = try await requireAdmin(identity)
        return try await MessagingError.store { () async throws(ThreadStoreError) in try await store.accessKeys(personID: nil) }
    }

    /// Issues a key for the messaging core, shown once.
    /// - Parameters:
    ///   - label: what it is for, e.g. "Production".
    ///   - identity: an admin.
    public func issueCoreKey(label: String, by identity: Identity) async throws(MessagingError) -> IssuedKey {
        let admin = try await requireAdmin(identity)
        return try await roster.issue(for: nil, label: label, by: admin.email)
    }

    /// Replaces a key with a new one, shown once; the old one stops working at once and its
    /// person's web sessions end. Of two rotations at once, one wins; the other is a conflict.
    /// - Parameters:
    ///   - id: the key.
    ///   - identity: an admin.
    public func rotateKey(_ id: UUID, by identity: Identity) async throws(MessagingError) -> IssuedKey {
        let admin = try await requireAdmin(identity)
        return try await roster.rotate(id, by: admin.email)
    }

    /// Revokes a key: it stops working at once and its person's web sessions end.
    /// - Parameters:
    ///   - id: the key.
    ///   - identity: an admin.
    public func revokeKey(_ id: UUID, by identity: Identity) async throws(MessagingError) -> StoredAccessKey {
        _ = try await requireAdmin(identity)
        return try await MessagingError.store { () async throws(ThreadStoreError) in try await store.revokeAccessKey(id: id) }
    }

    // MARK: Numbers

    /// Every business number with its rep, by number.
    /// - Parameters:
    ///   - identity: an admin.
    public func allNumbers(by identity: Identity) async throws(MessagingError) -> [NumberAssignment] {
        _ = try await requireAdmin(identity)
        return try await MessagingError.store { () async throws(ThreadStoreError) in
            let people = Dictionary(uniqueKeysWithValues: try await store.reps().map { ($0.id, $0) })
            return try await store.businessNumbers(repID: nil).compactMap { number in
                people[number.repID].map { NumberAssignment(number: number, rep: $0) }
            }
        }
    }

    /// Adds a business number, assigned to an active rep at once.
    /// - Parameters:
    ///   - phone: the number as typed, with its country code (`+1 410 555 0100`).
    ///   - repID: the rep who answers from it.
    ///   - identity: an admin.
    public func addNumber(_ phone: String, repID: UUID, by identity: Identity) async throws(MessagingError) -> NumberAssignment {
        _ = try await requireAdmin(identity)
        let phone = try TeamRoster.phone(phone)
        return try await MessagingError.store { () async throws(ThreadStoreError) in
            let number = try await store.addBusinessNumber(phone, repID: repID)
            return NumberAssignment(number: number, rep: try await store.rep(id: repID))
        }
    }

    /// Moves a business number to another active rep; its conversations follow it.
    /// - Parameters:
    ///   - id: the number.
    ///   - repID: the rep who takes it.
    ///   - identity: an admin.
    public func reassignNumber(_ id: UUID, to repID: UUID, by identity: Identity) async throws(MessagingError) -> NumberAssignment {
        _ = try await requireAdmin(identity)
        return try await MessagingError.store { () async throws(ThreadStoreError) in
            let number = try await store.reassignBusinessNumber(id: id, to: repID)
            return NumberAssignment(number: number, rep: try await store.rep(id: repID))
        }
    }
}
