import Foundation
import ParleyGlossary
import ParleyLanguage
import ParleyTranslation
import Testing

/// Real-shaped SMS with links, phone numbers, prices, emoji, `{{vars}}` and HVAC glossary terms,
/// both directions through the real APy: every result is either verified good or marked for review,
/// and a verified one is checked again here, independently of the pipeline's own checks.
@Suite(.serialized) struct PipelineCorpusTests {
    static let spanish = ProtectionApertiumTests.spanish + [
        "Mi bomba de calor hace ruido y el termostato no prende 😩 ¿Cuánto cuesta la reparación?",
        "¿La cotización gratis incluye la instalación del minisplit? Vi $2,499 en https://example.com/minisplit",
        "El técnico dijo que hay una fuga de refrigerante. ¿Cubre la garantía? Factura #8812",
        "Necesito una cita para mantenimiento preventivo del calefactor, llámeme al 443-555-0199",
        "Sale aire caliente de las rejillas desde ayer 🥵🥵 {{first_name}} me dijo que llamara",
        "Pagué el depósito de $150 pero no me llegó la factura a maria.lopez@example.com",
        "¿Pueden cambiar el filtro de aire y revisar los ductos el lunes a las 9am?",
        "El capacitor y el compresor fallaron, ¿cuánto es la mano de obra? 🙏",
    ]

    static let english = ProtectionApertiumTests.english + [
        "Your technician is on the way 🚐 ETA 20 min. Track: https://example.com/t/88",
        "The diagnostic fee is $89 and is waived if you approve the repair today.",
        "We found a refrigerant leak in the evaporator coil. Estimate: $1,450 👉 example.com/e/77",
        "Reminder {{first_name}}: your furnace tune-up is tomorrow between 8am and 10am.",
        "Please change your air filter every 3 months. Questions? Call (410) 555-0123",
        "Your warranty covers parts for 10 years; labor is $120/hour.",
        "Financing is available: 0% for 12 months. Apply at https://example.com/finance?ref=sms",
        "The thermostat and the blower motor were replaced. Invoice #5512 is $640.",
    ]

    struct Tally {
        var translated = 0
        var review = 0
        var unchanged = 0
        var spans = 0
        var terms = 0
        var wrong: [String] = []
    }

    /// Checks a verified result without the pipeline's code: each span of the input (links,
    /// numbers, emoji, variables, names) is in the output as often as in the input, byte for byte
    /// (times, dates and durations as ``ExpressionLocalizer`` renders them in the target language),
    /// and each glossary term with a target-language term has that term in the output.
    static func check(_ input: String, _ result: TranslationResult, glossary: GlossarySet, tally: inout Tally) {
        // Glossary matches take part as the pipeline's caller spans do: "AC" is a term, not an acronym.
        let matches = glossary.matcher(for: result.source).matches(in: input)
        let all = SpanFinder().spans(in: input, extra: matches.map(ProtectedText.Span.init))
        let spans = all.filter { $0.kind != .term }
        let localizer = ExpressionLocalizer(from: result.source, to: result.target)
        var needed: [String: Int] = [:]
        for span in spans {
            let original = String(input[span.range])
            needed[localizer?.localized(original, as: span.kind) ?? original, default: 0] += 1
        }
        for (span, count) in needed {
            tally.spans += count
            if result.text.components(separatedBy: span).count - 1 < count {
                tally.wrong.append("span “\(span)” lost: \(input) → \(result.text)")
            }
        }
        // Terms inside a link or address stay as they are, with the link.
        let terms = matches.filter { match in
            !match.isDoNotTranslate && !spans.contains { $0.range.overlaps(match.range) }
        }
        for match in terms {
            guard let term = match.concept.preferredTerm(in: result.target)?.text else { continue }
            tally.terms += 1
            if !result.text.lowercased().contains(term.lowercased()) {
                tally.wrong.append("term “\(match.text)” not rendered as “\(term)”: \(input) → \(result.text)")
            }
        }
    }

    static func run(_ texts: [String], from source: LanguageTag, to target: LanguageTag) async throws -> Tally {
        let pipeline = PipelineFixture.pipeline(try PipelineFixture.apertium(), backTranslation: false)
        var tally = Tally()
        for text in texts {
            let result = await pipeline.translate(text, from: source, to: target)
            switch result.status {
            case .translated:
                tally.translated += 1
                check(text, result, glossary: PipelineFixture.hvac, tally: &tally)
            case .needsReview:
                tally.review += 1
                #expect(!result.problems.isEmpty, "marked for review without a reason: \(text)")
            case .unchanged:
                tally.unchanged += 1
                #expect(result.text == text)
            case .failed:
                Issue.record("failed: \(text): \(String(describing: result.failure))")
            }
        }
        print("corpus \(source)→\(target): \(texts.count) messages, \(tally.translated) verified, \(tally.review) for review, "
            + "\(tally.unchanged) unchanged; \(tally.spans) spans and \(tally.terms) glossary terms checked")
        return tally
    }

    @Test func spanishToEnglish() async throws {
        let tally = try await Self.run(Self.spanish, from: PipelineFixture.es, to: PipelineFixture.en)
        #expect(tally.wrong.isEmpty, "\(tally.wrong.joined(separator: "\n"))")
        #expect(tally.translated >= Self.spanish.count * 8 / 10)  // review is the exception, not the rule
        #expect(tally.terms >= 15 && tally.spans >= 40)
    }

    @Test func englishToSpanish() async throws {
        let tally = try await Self.run(Self.english, from: PipelineFixture.en, to: PipelineFixture.es)
        #expect(tally.wrong.isEmpty, "\(tally.wrong.joined(separator: "\n"))")
        #expect(tally.translated >= Self.english.count * 8 / 10)
        #expect(tally.terms >= 15 && tally.spans >= 40)
    }
}
