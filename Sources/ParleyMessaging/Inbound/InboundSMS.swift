public import ParleyThreads

/// An SMS from a contact to a business number, as the provider delivered it.
public struct InboundSMS: Sendable, Hashable {
    /// The contact's number.
    public var from: PhoneNumber
    /// The business number it was sent to.
    public var to: PhoneNumber
    /// The text exactly as received.
    public var body: String
    /// The provider's identifier (Twilio's `MessageSid`); a repeat with the same one stores nothing new.
    public var providerMessageID: String

    /// - Parameters:
    ///   - from: the contact's number.
    ///   - to: the business number.
    ///   - body: the text exactly as received.
    ///   - providerMessageID: the provider's identifier.
    public init(from: PhoneNumber, to: PhoneNumber, body: String, providerMessageID: String) {
        self.from = from
        self.to = to
        self.body = body
        self.providerMessageID = providerMessageID
    }
}

/// What ``Messaging/receive(_:)`` stored.
public struct ReceivedSMS: Sendable {
    /// The message as stored; its translation is pending until its job runs.
    public var message: Message
    /// False when the provider repeated a message already stored.
    public var inserted: Bool
    /// The contact, with their consent as it stands after this message.
    public var contact: Contact
    /// The consent change the message made, when it was an opt-out or opt-in keyword.
    public var consentChange: ConsentChange?
}
