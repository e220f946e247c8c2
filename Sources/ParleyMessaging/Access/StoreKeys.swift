public import Foundation
public import ParleyThreads

/// Resolves an API key issued in the app (stored as its SHA-256) to who it signs in: the messaging
/// core, or an active rep or admin. A revoked key, or the key of a deactivated person, resolves to
/// nothing. Keys are never logged.
public struct StoreKeys: Sendable {
    /// A key that signs someone in.
    public struct Resolved: Sendable, Hashable {
        /// Who the key signs in.
        public var identity: Identity
        /// The key's record.
        public var key: StoredAccessKey
        /// The rep or admin; nil for the messaging core.
        public var person: Rep?
    }

    /// How stale a key's last use may get before a request records it again: a write per minute
    /// per key at most.
    public static let touchInterval: TimeInterval = 60

    /// The store the keys live in.
    public let store: any ThreadStore
    let now: @Sendable () -> Date

    /// - Parameters:
    ///   - store: the store the keys live in.
    ///   - now: the wall clock.
    public init(store: any ThreadStore, now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.now = now
    }

    /// Who a presented key signs in, recording its use at most once a minute; nil for a key the
    /// store does not know, a revoked one, or a deactivated person's.
    /// - Parameters:
    ///   - key: the key from `Authorization: Bearer` or the sign-in form.
    public func resolve(_ key: String) async throws(ThreadStoreError) -> Resolved? {
        guard key.hasPrefix(AccessKeyMaterial.prefix) else { return nil }
        // The key and its person in one read: every API request asks this.
        guard let found = try await store.activeAccessKeyWithPerson(digest: AccessKeyMaterial.digest(key)) else { return nil }
        return try await resolve(found.key, person: found.person)
    }

    /// Who a key that signed someone in signs in now: nil once it is revoked or its person
    /// deactivated; an admin demoted since is a rep. Asking is not a use of the key: its last use
    /// stays as it was.
    /// - Parameters:
    ///   - id: the key's identifier.
    public func currentIdentity(_ id: UUID) async throws(ThreadStoreError) -> Identity? {
        let record: StoredAccessKey
        do {
            record = try await store.accessKey(id: id)
        } catch {
            if error.code == .notFound { return nil }
            throw error
        }
        guard record.isActive else { return nil }
        return SignInRules.identity(ofKey: record, person: try await person(of: record))
    }

    /// A key's person as stored now; nil for the messaging core's key or a person who is gone.
    private func person(of record: StoredAccessKey) async throws(ThreadStoreError) -> Rep? {
        guard let personID = record.personID else { return nil }
        do {
            return try await store.rep(id: personID)
        } catch {
            if error.code == .notFound { return nil }
            throw error
        }
    }

    private func resolve(_ record: StoredAccessKey, person: Rep?) async throws(ThreadStoreError) -> Resolved? {
        guard let identity = SignInRules.identity(ofKey: record, person: person) else { return nil }
        let time = now()
        if time.timeIntervalSince(record.lastUsedAt ?? .distantPast) >= Self.touchInterval {
            try await store.touchAccessKey(id: record.id, at: time)
        }
        return Resolved(identity: identity, key: record, person: person)
    }
}
