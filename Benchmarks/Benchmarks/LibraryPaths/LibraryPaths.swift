import Benchmark
import Foundation
import ParleyGlossary
import ParleyLanguage
import ParleyTranslation

/// Parley's library paths, one message per iteration: language detection over the development set,
/// glossary matching of an SMS, a cache hit, and a cache miss through the whole pipeline against
/// the same backend called directly (an in-process backend that answers at once, so the pipeline's
/// own cost shows; and Apertium APy too when PARLEY_APERTIUM_URL is set).
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal, .throughput],
        warmupIterations: 10,
        maxDuration: .seconds(3),
        maxIterations: 1_000_000
    )

    let detector = try! LanguageDetector()
    let es = LanguageTag("es")!
    let en = LanguageTag("en")!
    let glossary = try! GlossarySet.load(industry: "hvac", from: GlossaryLibrary(directory: Fixtures.root.appendingPathComponent("glossaries")))
    let messages = Fixtures.developmentMessages()

    // Each sample is one call; the inputs rotate across samples (a counter inside the closure
    // would start again at every sample).
    let development = Rotation(messages)
    Benchmark("Detection: one development-set message") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(detector.detect(development.next()))
        }
    }

    let matcher = glossary.matcher(for: es)
    let sms = Rotation(Fixtures.spanish)
    Benchmark("Glossary: match one Spanish SMS (HVAC)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(matcher.matches(in: sms.next()))
        }
    }

    let cache = TranslationCache()
    let key = TranslationCacheKey(
        backend: "instant/1", source: es, target: en, glossaryVersion: glossary.version, protection: "placeholders-v1/curly",
        protectedText: "Hola, el {{T1}} no llegó. Llámeme al {{T2}} {{T3}}")
    Benchmark(
        "Cache: TranslationCache.lookup hit",
        configuration: .init(setup: { await cache.set(key, "Hello, the {{T1}} did not arrive. Call me at {{T2}} {{T3}}") })
    ) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(await cache.lookup(key))
        }
    }

    // A miss through the pipeline (a new empty cache each time) against the same backend directly.
    func misses(_ backend: some TranslationBackend, label: String) {
        let direct = Rotation(Fixtures.spanish)
        Benchmark("Miss: \(label) called directly") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try await backend.translate(direct.next(), from: es, to: en))
            }
        }
        let piped = Rotation(Fixtures.spanish)
        Benchmark("Miss: whole inbound pipeline over \(label)") { benchmark in
            for _ in benchmark.scaledIterations {
                let pipeline = TranslationPipeline(backend: backend, detector: detector, glossary: glossary, cache: TranslationCache())
                blackHole(await pipeline.inbound(piped.next()))
            }
        }
    }
    misses(InstantBackend(), label: "an instant backend")

    let repeated = Rotation(Fixtures.spanish)
    let warm = TranslationPipeline(backend: InstantBackend(), detector: detector, glossary: glossary, cache: TranslationCache())
    Benchmark(
        "Cache: whole inbound pipeline, hit",
        configuration: .init(setup: { for message in Fixtures.spanish { _ = await warm.inbound(message) } })
    ) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(await warm.inbound(repeated.next()))
        }
    }

    if let url = ProcessInfo.processInfo.environment["PARLEY_APERTIUM_URL"], !url.isEmpty {
        misses(ApertiumBackend(baseURL: url, client: Fixtures.client), label: "Apertium")
    }
}
