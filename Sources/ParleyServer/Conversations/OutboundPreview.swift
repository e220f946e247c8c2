internal import ParleyLanguage
internal import ParleyTranslation

/// What the rep sees before sending: the text the contact would get, its back-translation, its SMS
/// encoding and segments, and the checks' warnings.
struct OutboundPreview: Encodable {
    var status: String
    var readyToSend: Bool
    var text: String
    var language: String
    var backTranslation: String?
    var encoding: String
    var segments: Int
    var warnings: [String]
    var problems: [String]
    var failure: String?

    init(_ outbound: OutboundTranslation) {
        status = outbound.result.status.rawValue
        readyToSend = outbound.isReadyToSend
        text = outbound.result.text
        language = outbound.result.target.identifier
        backTranslation = outbound.backTranslation?.text
        encoding = outbound.sms.encoding == .gsm7 ? "GSM-7" : "UCS-2"
        segments = outbound.sms.segments
        warnings = outbound.result.warnings.map(\.message)
        problems = outbound.result.problems
        failure = outbound.result.failure?.description
    }
}
