import ArgumentParser
import Foundation
import ParleyGlossary
import ParleyHTTP
import ParleyLanguage
import ParleyTranslation

/// The pipeline part of `parley bench`: its overhead on a cache miss against calling Apertium
/// directly (one run, interleaved, one ratio), and the latency of a cache hit in process.
struct PipelineBench {
    let url: String
    let requests: Int
    let library: GlossaryLibrary

    static let messages = [
        "Hola, el técnico no llegó. Llámeme al (410) 555-0123 👍",
        "Mi bomba de calor hace ruido y el termostato no prende 😩",
        "¿La cotización gratis incluye la instalación? Vi $2,499 en https://example.com/oferta",
        "Necesito una cita para mantenimiento del calefactor esta semana",
        "Gracias {{first_name}}, nos vemos el jueves a las 10:30 🙏🏽",
        "El aire acondicionado no enfría y sale aire caliente de las rejillas",
        "Pagué el depósito de $150 pero no me llegó la factura",
        "¿Pueden cambiar el filtro de aire el lunes a las 9am?",
    ]

    func run() async throws {
        let client = ParleyHTTPClient()
        let backend = ApertiumBackend(baseURL: url, client: client)
        let detector = try LanguageDetector()
        let glossary = try GlossarySet.load(industry: "hvac", from: library)
        let es = LanguageTag("es")!
        let en = LanguageTag("en")!
        func freshPipeline() -> TranslationPipeline {
            TranslationPipeline(backend: backend, detector: detector, glossary: glossary, cache: TranslationCache())
        }
        // Warm-up: APy's pairs, the client's connection, the glossary matchers.
        for message in Self.messages {
            _ = try await backend.translate(message, from: es, to: en)
            _ = await freshPipeline().inbound(message)
        }

        // Misses: each request in a pipeline with an empty cache, interleaved with the same message
        // sent straight to the backend, so APy's drift touches both alike.
        var direct: Duration = .zero
        var piped: Duration = .zero
        var ownStages: Duration = .zero
        var failures = 0
        var perStage: [String: Double] = [:]
        var stageOrder: [String] = []
        for index in 0..<requests {
            let message = Self.messages[index % Self.messages.count]
            let pipeline = freshPipeline()
            let order = index % 2 == 0
            if order { direct += try await time { _ = try await backend.translate(message, from: es, to: en) } }
            var result: TranslationResult?
            piped += await time { result = await pipeline.inbound(message) }
            if !order { direct += try await time { _ = try await backend.translate(message, from: es, to: en) } }
            guard let result, result.status == .translated, !result.provenance.cacheHit else {
                failures += 1
                continue
            }
            for stage in result.provenance.stages {
                if perStage[stage.stage] == nil { stageOrder.append(stage.stage) }
                perStage[stage.stage, default: 0] += stage.microseconds
            }
            let translate = result.provenance.stages.first { $0.stage == "translate" }?.microseconds ?? 0
            ownStages += .microseconds(result.provenance.totalMicroseconds - translate)
        }
        let n = Double(requests)
        print("pipeline: \(requests) cache misses (es→en, HVAC glossary, Apertium): pipeline \(ms(piped / requests)) ms/request, "
            + "backend directly \(ms(direct / requests)) ms/request, ratio \(String(format: "%.3f", seconds(piped) / seconds(direct)))"
            + (failures > 0 ? " (\(failures) not translated)" : ""))
        print("pipeline: own stages on a miss (intake, compliance, detect, protect, cache, restore): "
            + "\(String(format: "%.1f", seconds(ownStages) / n * 1e6)) µs/request ("
            + stageOrder.filter { $0 != "translate" }.map { "\($0) \(String(format: "%.1f", perStage[$0]! / n))" }.joined(separator: ", ") + ")")

        // Hits: one warm pipeline, the same messages again and again.
        let warm = freshPipeline()
        for message in Self.messages { _ = await warm.inbound(message) }
        let english = "Your technician is on the way 🚐 Call (410) 555-0123 if you need to reschedule."
        let context = ConversationContext(preferredLanguage: es)
        let noBack = TranslationPipeline(
            backend: backend, detector: detector, glossary: glossary, cache: warm.cache,
            configuration: .init(backTranslation: false))
        _ = await noBack.outbound(english, context: context)
        let rounds = max(2_000, requests * 10)
        var inbound: [Double] = []
        var outbound: [Double] = []
        var lookups: [Double] = []
        let key = TranslationCacheKey(
            backend: backend.identity, source: es, target: en, glossaryVersion: glossary.version,
            protection: "placeholders-v1/curly", protectedText: "Hola, el {{T1}} no llegó. Llámeme al {{T2}} {{T3}}")
        await warm.cache!.set(key, "Hello, the {{T1}} did not arrive. Call me at {{T2}} {{T3}}")
        for index in 0..<rounds {
            let message = Self.messages[index % Self.messages.count]
            var hit = false
            inbound.append(seconds(await time { hit = await warm.inbound(message).provenance.cacheHit }))
            if !hit { throw ValidationError("a warm cache missed: \(message)") }
            outbound.append(seconds(await time { _ = await noBack.outbound(english, context: context) }))
            lookups.append(seconds(await time { _ = await warm.cache!.lookup(key) }))
        }
        print("pipeline: cache hit in process, p50 / p95 over \(rounds): "
            + "TranslationCache.lookup \(us(percentile(lookups, 0.5))) / \(us(percentile(lookups, 0.95))) µs; "
            + "whole outbound reply (intake, cache, SMS encoding) \(us(percentile(outbound, 0.5))) / \(us(percentile(outbound, 0.95))) µs; "
            + "whole inbound message (intake, keywords, detection, cache) \(us(percentile(inbound, 0.5))) / \(us(percentile(inbound, 0.95))) µs")
    }

    private func time(_ body: () async throws -> Void) async rethrows -> Duration {
        let start = ContinuousClock.now
        try await body()
        return ContinuousClock.now - start
    }

    private func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    private func ms(_ duration: Duration) -> String { String(format: "%.2f", seconds(duration) * 1e3) }
    private func us(_ value: Double) -> String { String(format: "%.1f", value * 1e6) }

    private func percentile(_ values: [Double], _ p: Double) -> Double {
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
    }
}
