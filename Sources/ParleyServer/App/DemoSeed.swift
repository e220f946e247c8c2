internal import ParleyMessaging
internal import ParleyLanguage
public import ParleyThreads

/// A demo rep, business number, contact and template, so a newcomer can send and receive at once.
/// Seeding again changes nothing.
public enum DemoSeed {
    /// The demo rep's email.
    public static let repEmail = "demo.rep@parley.local"
    /// The demo rep's business number.
    public static let businessNumber = "+14105550100"
    /// The demo contact's number (a Spanish speaker).
    public static let contactNumber = "+525555550123"

    /// What was seeded.
    public struct Seeded: Sendable {
        public var rep: Rep
        public var number: BusinessNumber
        public var contact: Contact
        public var conversation: Conversation
    }

    /// Seeds the demo data, or finds it.
    /// - Parameters:
    ///   - store: the store.
    public static func seed(_ store: any ThreadStore) async throws -> Seeded {
        let rep: Rep
        if let existing = try await store.rep(email: repEmail) {
            rep = existing
        } else {
            rep = try await store.createRep(name: "Demo Rep", email: repEmail, role: .admin)
        }
        let phone = try PhoneNumber(parsing: businessNumber)
        let number: BusinessNumber
        if let existing = try await store.businessNumber(phone: phone) {
            number = existing
        } else {
            number = try await store.assignNumber(phone, to: rep.id)
        }
        let contactPhone = try PhoneNumber(parsing: contactNumber)
        let contact: Contact
        if let existing = try await store.contact(phone: contactPhone) {
            contact = existing
        } else {
            contact = try await store.createContact(
                phone: contactPhone, name: "María López", preferredLanguage: .init("es"), languageSource: .setByAdmin)
        }
        if try await store.templates(repID: nil).isEmpty {
            _ = try await store.createTemplate(repID: nil, name: "On the way", text: "Hi {{first_name}}, your technician is on the way.")
        }
        let conversation = try await store.findOrCreateConversation(numberID: number.id, contactID: contact.id)
        return Seeded(rep: rep, number: number, contact: contact, conversation: conversation)
    }
}
