internal import Foundation

/// An inbound message as a provider's webhook delivered it, for
/// ``ThreadStore/receiveInbound(_:)``: the store finds the business number, the contact and the
/// conversation and appends the message, in one transaction.
public struct InboundDelivery: Sendable {
    /// The contact's number.
    public var from: PhoneNumber
    /// The business number it was sent to.
    public var to: PhoneNumber
    /// The text exactly as received.
    public var text: String
    /// The provider's identifier; a second delivery with the same one stores nothing new.
    public var providerMessageID: String
    /// The change of consent the text makes, given the contact's consent as it stands in the
    /// transaction; nil for none. It runs inside the write, so it should be quick.
    public var consent: @Sendable (Consent?) -> ConsentChange?

    /// - Parameters:
    ///   - from: the contact's number.
    ///   - to: the business number.
    ///   - text: the text exactly as received.
    ///   - providerMessageID: the provider's identifier, for idempotence.
    ///   - consent: the change of consent the text makes, given the contact's current consent.
    public init(
        from: PhoneNumber,
        to: PhoneNumber,
        text: String,
        providerMessageID: String,
        consent: @escaping @Sendable (Consent?) -> ConsentChange? = { _ in nil }
    ) {
        self.from = from
        self.to = to
        self.text = text
        self.providerMessageID = providerMessageID
        self.consent = consent
    }
}

/// What ``ThreadStore/receiveInbound(_:)`` stored, or found already stored.
public struct InboundReceipt: Sendable, Hashable {
    /// The stored message: the new one, or the one stored earlier with the same provider identifier.
    public var message: Message
    /// False when a message with the same provider identifier was already stored.
    public var inserted: Bool
    /// The contact, with their consent as it stands after this message.
    public var contact: Contact
    /// The consent change this message made; nil when it made none or was a repeat.
    public var consentChange: ConsentChange?

    /// - Parameters:
    ///   - message: the stored message.
    ///   - inserted: whether this call stored it.
    ///   - contact: the contact after the message.
    ///   - consentChange: the consent change it made.
    public init(message: Message, inserted: Bool, contact: Contact, consentChange: ConsentChange?) {
        self.message = message
        self.inserted = inserted
        self.contact = contact
        self.consentChange = consentChange
    }
}
