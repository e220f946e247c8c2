public import Foundation

/// Whether a contact may be texted, as they last said.
public struct Consent: Sendable, Hashable, Codable {
    /// What the contact said.
    public enum State: String, Sendable, Hashable, Codable, CaseIterable {
        /// The contact asked not to be texted, e.g. with STOP or ALTO.
        case optedOut
        /// The contact agreed to be texted, e.g. with START.
        case optedIn
        /// The contact wrote words that read as a request to stop ("no me manden más mensajes"),
        /// not a keyword: nothing is sent to them until a rep confirms the opt-out or marks it as
        /// not one.
        case unconfirmedOptOut
        /// A rep read such words as no request to stop: the contact may be texted. (Not an opt-in:
        /// the contact said nothing of the kind.)
        case optOutDismissed
    }

    /// What the contact said.
    public var state: State
    /// When it was set.
    public var at: Date
    /// The inbound message that set it; nil when a person recorded it.
    public var messageID: UUID?
    /// The word or phrase that set it, as written, e.g. "ALTO".
    public var keyword: String?

    /// - Parameters:
    ///   - state: what the contact said.
    ///   - at: when it was set.
    ///   - messageID: the inbound message that set it; nil when a person recorded it.
    ///   - keyword: the word or phrase that set it, as written.
    public init(state: State, at: Date, messageID: UUID? = nil, keyword: String? = nil) {
        self.state = state
        self.at = at
        self.messageID = messageID
        self.keyword = keyword
    }
}

/// A change of consent to record: the store adds the time and the message.
public struct ConsentChange: Sendable, Hashable, Codable {
    /// What the contact said.
    public var state: Consent.State
    /// The word or phrase that said it, as written, e.g. "ALTO"; nil when there was none.
    public var keyword: String?

    /// - Parameters:
    ///   - state: what the contact said.
    ///   - keyword: the word or phrase that said it, as written.
    public init(state: Consent.State, keyword: String? = nil) {
        self.state = state
        self.keyword = keyword
    }
}
