import ParleyGlossary
import ParleyLanguage
import ParleyTranslation

/// `parley translate --json` output: one pipeline result.
struct PipelineRecord: Encodable {
    struct Detection: Encodable {
        var language: String
        var confidence: Double
        var method: String
        var runnerUp: String?
    }

    struct Stage: Encodable {
        var stage: String
        var microseconds: Double
    }

    struct Provenance: Encodable {
        var origin: String
        var backend: String?
        var glossaryVersion: String?
        var glossaries: [String: String]
        var cacheHit: Bool
        var coalesced: Bool
        var placeholderStyle: String?
        var attempts: Int
        var protectedSpans: Int
        var glossaryTerms: Int
    }

    struct SMS: Encodable {
        var encoding: String
        var segments: Int
        var units: Int
        var nonGSMCharacters: [String]
    }

    struct BackTranslation: Encodable {
        var status: String
        var text: String
        var problems: [String]
    }

    var direction: String
    var status: String
    var unchangedReason: String?
    var original: String
    var text: String
    var from: String
    var to: String
    var detection: Detection?
    var compliance: String?
    var warnings: [String]
    var problems: [String]
    var failure: String?
    var stages: [Stage]
    var totalMicroseconds: Double
    var provenance: Provenance
    var readyToSend: Bool?
    /// Why the reply may be wrong (held: what failed; else the doubts): empty when nothing is.
    var doubts: [String]?
    /// The reply passed its checks but has doubts: a person confirms before it is sent.
    var needsConfirmation: Bool?
    var sms: SMS?
    var backTranslation: BackTranslation?

    init(direction: String, _ result: TranslationResult) {
        self.direction = direction
        status = result.status.rawValue
        unchangedReason = result.unchangedReason?.rawValue
        original = result.original
        text = result.text
        from = result.source.identifier
        to = result.target.identifier
        detection = result.detection.map {
            Detection(language: $0.language.identifier, confidence: $0.confidence, method: $0.method.rawValue,
                      runnerUp: $0.runnerUp?.language.identifier)
        }
        compliance = result.compliance.kind.map { "\($0.rawValue): \(result.compliance.keyword ?? "")" }
        warnings = result.warnings.map(\.description)
        problems = result.problems
        failure = result.failure?.description
        stages = result.provenance.stages.map { Stage(stage: $0.stage, microseconds: ($0.microseconds * 10).rounded() / 10) }
        totalMicroseconds = (result.provenance.totalMicroseconds * 10).rounded() / 10
        let provenance = result.provenance
        self.provenance = Provenance(
            origin: provenance.origin.rawValue, backend: provenance.backend,
            glossaryVersion: provenance.glossaryVersion?.identifier,
            glossaries: provenance.glossaries.mapValues(\.identifier), cacheHit: provenance.cacheHit,
            coalesced: provenance.coalesced, placeholderStyle: provenance.placeholderStyle?.rawValue,
            attempts: provenance.attempts, protectedSpans: provenance.protectedSpans, glossaryTerms: provenance.glossaryTerms)
    }

    init(_ outbound: OutboundTranslation) {
        self.init(direction: "outbound", outbound.result)
        readyToSend = outbound.isReadyToSendAsIs
        doubts = outbound.doubts
        needsConfirmation = outbound.needsConfirmation
        sms = SMS(
            encoding: outbound.sms.encoding == .gsm7 ? "GSM-7" : "UCS-2", segments: outbound.sms.segments,
            units: outbound.sms.units, nonGSMCharacters: outbound.sms.nonGSMCharacters.map(String.init))
        if let back = outbound.backTranslation {
            backTranslation = BackTranslation(status: back.status.rawValue, text: back.text, problems: back.problems)
            stages += back.provenance.stages.map { Stage(stage: $0.stage, microseconds: ($0.microseconds * 10).rounded() / 10) }
        }
    }
}
