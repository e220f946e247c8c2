public import Foundation
public import ParleyLanguage
public import ParleyTranslation

/// Someone who texts the business: known by phone number, perhaps by name, and by the language to
/// answer them in.
public struct Contact: Sendable, Hashable, Codable, Identifiable {
    /// Who decided a contact's preferred language.
    public enum LanguageSource: String, Sendable, Hashable, Codable, CaseIterable {
        /// The rep chose it.
        case setByRep
        /// An admin chose it.
        case setByAdmin
        /// The contact chose it in the intake funnel (the bot).
        case funnel
        /// Detected from the contact's messages.
        case detected
    }

    /// How the contact is addressed: usted/vous/Sie (formal) or tú/tu/du (informal), as the
    /// translation asks backends for it.
    public typealias Formality = TranslationOptions.Formality

    /// The contact's identifier.
    public var id: UUID
    /// The contact's number, unique among contacts.
    public var phone: PhoneNumber
    /// The contact's name, when known.
    public var name: String?
    /// The language to write to the contact in, when known.
    public var preferredLanguage: LanguageTag?
    /// Who decided ``preferredLanguage``; nil when it is not set.
    public var languageSource: LanguageSource?
    /// How to address the contact; nil when nobody said, and the translation uses its default.
    public var formality: Formality?
    /// When the contact was created.
    public var createdAt: Date
    /// Whether the contact may be texted, as they last said; nil when they never said.
    public var consent: Consent?
}
