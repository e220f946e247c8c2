import Foundation
import ParleyHTTP
import ParleyLanguage
import ParleyTranslation

/// The inputs of the benchmarks: the checkout's glossaries and development set, and SMS-like texts.
enum Fixtures {
    /// The checkout this package sits in (`Benchmarks/Benchmarks/LibraryPaths/` below it).
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// One HTTP client for every Apertium request of the run.
    static let client = ParleyHTTPClient()

    /// Spanish SMS with a link, a price, a phone number, emoji, a template variable and HVAC terms
    /// (those of `parley bench pipeline`).
    static let spanish = [
        "Hola, el técnico no llegó. Llámeme al (410) 555-0123 👍",
        "Mi bomba de calor hace ruido y el termostato no prende 😩",
        "¿La cotización gratis incluye la instalación? Vi $2,499 en https://example.com/oferta",
        "Necesito una cita para mantenimiento del calefactor esta semana",
        "Gracias {{first_name}}, nos vemos el jueves a las 10:30 🙏🏽",
        "El aire acondicionado no enfría y sale aire caliente de las rejillas",
        "Pagué el depósito de $150 pero no me llegó la factura",
        "¿Pueden cambiar el filtro de aire el lunes a las 9am?",
    ]

    /// The development set's texts (`../shared/eval/langid-dev.tsv` beside the checkout), or the
    /// Spanish SMS above when it is not there.
    static func developmentMessages() -> [String] {
        let file = root.deletingLastPathComponent().appendingPathComponent("shared/eval/langid-dev.tsv")
        guard let contents = try? String(contentsOf: file, encoding: .utf8),
            let samples = try? DetectionEvaluation.samples(fromTSV: contents), !samples.isEmpty
        else {
            FileHandle.standardError.write(Data("note: \(file.path) is missing; detecting the sample SMS instead\n".utf8))
            return spanish
        }
        return samples.map(\.text)
    }
}

/// A backend that answers at once with the text it was given (placeholders intact), so that a
/// pipeline over it costs only its own stages.
struct InstantBackend: TranslationBackend {
    let name = "instant"
    let identity = "instant/1"

    func translate(
        _ texts: [String], from source: LanguageTag, to target: LanguageTag, options: TranslationOptions
    ) async throws(TranslationError) -> [String] {
        texts
    }

    func supportedPairs() async throws(TranslationError) -> [LanguagePair] {
        [LanguagePair(LanguageTag("es")!, LanguageTag("en")!), LanguagePair(LanguageTag("en")!, LanguageTag("es")!)]
    }

    func health() async -> BackendHealth { BackendHealth(isHealthy: true, detail: "in process") }
}

/// Inputs taken in turn, one per call, across a benchmark's samples. Benchmarks run one at a
/// time on one task, so the unsynchronized counter is not shared between threads.
final class Rotation<Item>: @unchecked Sendable {
    private let items: [Item]
    private var index = 0

    init(_ items: [Item]) {
        precondition(!items.isEmpty, "nothing to rotate")
        self.items = items
    }

    func next() -> Item {
        defer { index = (index + 1) % items.count }
        return items[index]
    }
}
