internal import Foundation
public import ParleyLanguage
public import ParleyThreads
public import ParleyTranslation

/// How an inbound message changes a contact's consent, and what a refused send tells the rep.
///
/// Read on the raw text, before any translation: an opt-out keyword in any supported language
/// (STOP, ALTO, ARRÊT, 退订, …) opts the contact out; an opt-in keyword (START, UNSTOP, YES, or
/// their own language's, such as INICIAR or REPRENDRE) opts back in a contact who had opted out,
/// and means nothing otherwise. The keywords themselves are `ComplianceStage`'s. A sentence that
/// asks to stop ("please stop texting me", `ComplianceResult/isProbable`) holds every send until a
/// rep confirms or dismisses it; one that asks to resume changes nothing by itself.
public struct ConsentRules: Sendable {
    let compliance: ComplianceStage

    /// - Parameters:
    ///   - compliance: the keyword stage; the pipeline's by default.
    public init(compliance: ComplianceStage = ComplianceStage()) {
        self.compliance = compliance
    }

    /// The change a message makes to a contact's consent; nil when it makes none.
    /// - Parameters:
    ///   - text: the message as received.
    ///   - current: the contact's consent before it.
    ///
    /// A keyword changes consent at once. Words that only read as a request to stop ("please stop
    /// texting me", "no me manden más mensajes") make it `Consent/State/unconfirmedOptOut`:
    /// nothing is sent until a rep confirms or dismisses it (``Messaging/reviewOptOut(of:confirmed:by:)``).
    /// Words that read as agreeing again change nothing by themselves: only a keyword opts back in.
    public func change(for text: String, current: Consent?) -> ConsentChange? {
        Self.change(compliance.classify(text), current: current)
    }

    /// The change a message that the keyword stage has classified makes to a contact's consent;
    /// nil when it makes none. Classify the text before a write transaction and decide in it: the
    /// classification reads phrases in every language, the decision only the consent.
    /// - Parameters:
    ///   - result: the keyword stage's reading of the message as received.
    ///   - current: the contact's consent before it.
    public static func change(_ result: ComplianceResult, current: Consent?) -> ConsentChange? {
        switch result.kind {
        case .optOut where result.isProbable:
            guard current?.state != .optedOut, current?.state != .unconfirmedOptOut else { return nil }
            return ConsentChange(state: .unconfirmedOptOut, keyword: result.keyword)
        case .optOut:
            guard current?.state != .optedOut else { return nil }
            return ConsentChange(state: .optedOut, keyword: result.keyword)
        case .optIn where !result.isProbable:
            guard current?.state == .optedOut || current?.state == .unconfirmedOptOut else { return nil }
            return ConsentChange(state: .optedIn, keyword: result.keyword)
        default:
            return nil
        }
    }

    /// Whether the contact may be texted now: not opted out, and no words that may ask to stop wait
    /// for a rep.
    /// - Parameters:
    ///   - contact: the contact.
    public static func mayText(_ contact: Contact) -> Bool { notice(for: contact) == nil }

    /// Whether the contact's words that may ask to stop wait for a rep to confirm or dismiss them.
    /// - Parameters:
    ///   - contact: the contact.
    public static func awaitsReview(_ contact: Contact) -> Bool { contact.consent?.state == .unconfirmedOptOut }

    /// The words a contact can text to opt back in: their language's first, then English's.
    /// - Parameters:
    ///   - language: the contact's language, when known.
    public static func optInWords(for language: LanguageTag?) -> [String] {
        let optIn = ComplianceStage.defaultKeywords.filter { $0.kind == .optIn }
        var words: [String] = []
        if let language, language.language != "en" {
            words += optIn.filter { $0.language.language == language.language }.map(\.text)
        }
        words += optIn.filter { $0.language.language == "en" && $0.text != "YES" }.map(\.text)
        return words
    }

    /// The refusal of a send to a contact who opted out, saying when and how they can opt back in.
    /// - Parameters:
    ///   - contact: the contact.
    static func refusal(_ contact: Contact) -> MessagingError? {
        guard let notice = notice(for: contact) else { return nil }
        let title = contact.consent?.state == .unconfirmedOptOut
            ? "Not sent: confirm whether the contact opted out" : "Not sent: the contact opted out"
        return MessagingError(code: .optedOut, title: title, message: notice)
    }

    /// What the rep reads while a contact is opted out (above compose, on the contact's record, in
    /// a refused send): when they opted out, and how they opt back in; or, while their words that may
    /// ask to stop wait for a rep, what they wrote and what to do. Nil while they may be texted.
    /// - Parameters:
    ///   - contact: the contact.
    public static func notice(for contact: Contact) -> String? {
        guard let consent = contact.consent, consent.state == .optedOut || consent.state == .unconfirmedOptOut else { return nil }
        let who = contact.name ?? contact.phone.e164
        if consent.state == .unconfirmedOptOut {
            let said = consent.keyword.map { "wrote “\($0)”" } ?? "wrote something"
            return "\(who) \(said), which may be a request to stop messages, so nothing is sent to them. Confirm the opt-out, or mark it as not one, before replying."
        }
        let said = consent.keyword.map { "replied \($0)" } ?? "asked"
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        let when = formatter.string(from: consent.at)
        let words = optInWords(for: contact.preferredLanguage).map { "“\($0)”" }
        let how = words.count > 1 ? words.dropLast().joined(separator: ", ") + " or " + words.last! : words.first ?? "START"
        return "\(who) \(said) on \(when) to stop messages, so nothing is sent to them. They can opt back in by texting \(how) to this number."
    }
}
