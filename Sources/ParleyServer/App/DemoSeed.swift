public import Foundation
internal import ParleyMessaging
internal import ParleyLanguage
public import ParleyThreads

/// A demo rep, business number, contact and template, so a newcomer can send and receive at once.
/// Seeding again changes nothing, and replicas that seed one database at the same time take turns
/// (under a lease in the store), so the demo data exists once.
public enum DemoSeed {
    /// The demo rep's email.
    public static let repEmail = "demo.rep@parley.local"
    /// The demo rep's business number.
    public static let businessNumber = "+14105550100"
    /// The demo contact's number (a Spanish speaker).
    public static let contactNumber = "+525555550123"
    /// The lease replicas take turns under.
    static let lease = "demo-seed"

    /// What was seeded.
    public struct Seeded: Sendable {
        public var rep: Rep
        public var number: BusinessNumber
        public var contact: Contact
        public var conversation: Conversation
    }

    /// Another replica held the seeding lease for longer than this one would wait.
    public struct Busy: Error, CustomStringConvertible {
        /// How long this replica waited.
        public var waited: Duration
        public var description: String {
            "Another replica has been seeding the demo data for over \(waited.components.seconds) s; "
                + "check that it is running, or start this one again once it has started (or without --demo)."
        }
    }

    /// Seeds the demo data, or finds it, once the replicas seeding the same database before this
    /// one are done.
    /// - Parameters:
    ///   - store: the store.
    ///   - leaseFor: how long a replica may seed before another may take over (when it died seeding).
    ///   - waitingAtMost: how long to wait for other replicas; then ``Busy``.
    ///   - now: the wall clock.
    /// - Throws: ``Busy``, or `ThreadStoreError` when the store fails.
    public static func seed(
        _ store: any ThreadStore, leaseFor: Duration = .seconds(30), waitingAtMost: Duration = .seconds(120),
        now: @escaping @Sendable () -> Date = { Date() }
    ) async throws -> Seeded {
        let holder = UUID().uuidString
        let started = ContinuousClock.now
        while try await !store.acquireLease(name: lease, holder: holder, until: now().addingTimeInterval(seconds(leaseFor)), at: now()) {
            guard ContinuousClock.now - started < waitingAtMost else { throw Busy(waited: waitingAtMost) }
            try await Task.sleep(for: .milliseconds(100))
        }
        do {
            let seeded = try await findOrCreate(store)
            try? await store.releaseLease(name: lease, holder: holder)
            return seeded
        } catch {
            try? await store.releaseLease(name: lease, holder: holder)
            throw error
        }
    }

    /// Finds each piece of the demo data, or creates it.
    private static func findOrCreate(_ store: any ThreadStore) async throws -> Seeded {
        let rep = try await piece { try await store.rep(email: repEmail) } create: {
            try await store.createRep(name: "Demo Rep", email: repEmail, role: .admin)
        }
        let phone = try PhoneNumber(parsing: businessNumber)
        let number = try await piece { try await store.businessNumber(phone: phone) } create: {
            try await store.assignNumber(phone, to: rep.id)
        }
        let contactPhone = try PhoneNumber(parsing: contactNumber)
        let contact = try await piece { try await store.contact(phone: contactPhone) } create: {
            try await store.createContact(
                phone: contactPhone, name: "María López", preferredLanguage: .init("es"), languageSource: .setByAdmin)
        }
        if try await store.templates(repID: nil).isEmpty {
            _ = try await store.createTemplate(repID: nil, name: "On the way", text: "Hi {{first_name}}, your technician is on the way.")
        }
        let conversation = try await store.findOrCreateConversation(numberID: number.id, contactID: contact.id)
        return Seeded(rep: rep, number: number, contact: contact, conversation: conversation)
    }

    /// Finds a piece, or creates it; when another process created it meanwhile (a conflict), finds it.
    private static func piece<T>(_ find: () async throws -> T?, create: () async throws -> T) async throws -> T {
        if let found = try await find() { return found }
        do {
            return try await create()
        } catch {
            if let stored = error as? ThreadStoreError, stored.code == .conflict, let found = try await find() { return found }
            throw error
        }
    }

    private static func seconds(_ duration: Duration) -> TimeInterval {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
