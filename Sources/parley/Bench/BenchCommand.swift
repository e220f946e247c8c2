import ArgumentParser
import Foundation
import ParleyGlossary
import ParleyLanguage

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure Parley's speed on this machine.",
        discussion: """
            detect: messages per second on one core over a labelled TSV file (by default the \
            development set beside the checkout), the accuracy on it (macro and micro averages, as \
            parley detect --eval computes them), the model's load time and memory; then, as whole \
            processes over the same texts and --rounds, the CPU time of Parley and of CLD2 native \
            (Benchmarks/CLD2, built with c++ against libcld2-dev) and their ratio.
            glossary: matching time per SMS against a generated 10,000-entry glossary and against \
            the shipped HVAC glossary.
            translate: per-request time against Apertium APy through Parley's client compared with \
            plain curl on the same requests (one run, one ratio), and throughput with 1, 4 and 16 \
            requests in flight; needs --apertium-url or PARLEY_APERTIUM_URL (scripts/apertium start).
            pipeline: the whole pipeline on a cache miss against the backend called directly \
            (interleaved, one ratio), and the latency of a cache hit in process (p50, p95); needs \
            Apertium as translate does.
            http: parley serve (this binary) on a free loopback port and a temporary database, loaded \
            with wrk on POST /v1/conversations/:id/preview: cached (the same text) against uncached (a \
            new text each request), taking turns with a Hummingbird server with no middleware (the \
            yardstick, this binary's hidden bench-yardstick-server) and GET /healthz; requests/s, \
            p50/p95/p99 latency, the cached preview against the yardstick, CPU and store reads per \
            cached preview, and the server's resident memory at rest, under load and after it. Needs wrk (scripts/install-deps) and \
            Apertium as translate does.
            webhooks: parley serve on a temporary database while the translation backend is stopped, \
            then while it answers every call after 5 s: a burst of distinct inbound webhooks each time \
            (--webhooks, --webhook-concurrency in flight), acknowledgement latency p50/p99/max, how many \
            were stored and how often; then the same database over Apertium until every message is \
            translated. Needs Apertium as translate does.
            replicas: webhook ingest (distinct webhooks acknowledged per second, p50/p99, \
            --webhook-concurrency in flight) on SQLite, on one PostgreSQL replica and on two; and the \
            PostgreSQL server's transactions per second with no event stream and with 500 idle ones \
            on a replica. Needs Apertium as translate does; the PostgreSQL runs need PARLEY_POSTGRES_URL.
            ingest: one-row transactions per second in SQLite WAL on this disk (synchronous FULL and \
            NORMAL), the store's inbound writes in process (commits per message, before and with group \
            commit), then distinct webhooks acknowledged per second by parley serve on SQLite with \
            --webhook-concurrency in flight (at least 2,000; --webhooks raises it), p50/p99/max, the ratio to \
            the yardstick and a check that each is stored exactly once. Needs Apertium as translate does.
            search: a generated 200,000-contact, 1,000,000-message database on SQLite (and on \
            PostgreSQL with --postgres URL): p50/p95/p99 of conversation search by name and by \
            phone digits, a rep's 200-row list and contact search, and a check that paging returns \
            every match.
            soak (only when named): parley serve on SQLite and Apertium under a steady mixed load \
            (--soak-minutes, 30 by default: inbound webhooks, previews, sends, event streams that read, \
            some reopened every sample): the server's resident memory, descriptors and threads every \
            --soak-sample-seconds, whether they level off, and that every acknowledged webhook was \
            stored once. Needs Apertium as translate does.
            typing: characters sent to the backend per character of a sent reply when the panel \
            previews it while the rep types (--typing-replies), whole-text against sentence by \
            sentence, with a cold cache; needs Apertium as translate does.
            With no part named, every part runs and a part that cannot (no Apertium, no wrk) is \
            skipped with a note; a part named explicitly fails instead.
            Build with -c release for meaningful numbers.
            """
    )

    enum Part: String, ExpressibleByArgument, CaseIterable {
        case detect, glossary, translate, pipeline, http, webhooks, search
        case replicas
        case soak
        case typing
        case ingest
    }

    @Argument(help: "What to measure (default: everything).")
    var parts: [Part] = []

    @Option(help: ArgumentHelp("Messages to detect: a TSV file with a header 'lang<TAB>text'.", valueName: "file"))
    var messages = "../shared/eval/langid-dev.tsv"

    @Option(help: "detect: how many times to run over the messages.")
    var rounds = 40

    @Option(help: ArgumentHelp("The Apertium APy to measure against (default: PARLEY_APERTIUM_URL).", valueName: "url"))
    var apertiumURL: String?

    @Option(help: "Requests per translation measurement.")
    var requests = 400

    @Option(help: "http: wrk's threads.")
    var httpThreads = 2

    @Option(help: "http: wrk's open connections (the bounded load).")
    var httpConnections = 8

    @Option(help: "http: seconds of load for each of cached and uncached, split over the rounds.")
    var httpSeconds = 10

    @Option(help: "http: how many times cached and uncached take turns.")
    var httpRounds = 2

    @Option(help: "webhooks: distinct inbound webhooks in each burst.")
    var webhooks = 200

    @Option(help: "webhooks: webhooks in flight at once.")
    var webhookConcurrency = 16

    @Option(help: ArgumentHelp("typing: the replies to type, one a line.", valueName: "file"))
    var typingReplies = "Benchmarks/data/typing-replies.txt"

    @OptionGroup var glossaries: GlossaryDirectoryOption

    @OptionGroup var search: SearchBench.Options

    @OptionGroup var soak: SoakBench.Options

    func validate() throws {
        guard (1...16).contains(httpThreads) else { throw ValidationError("--http-threads must be from 1 to 16") }
        guard httpConnections >= httpThreads, httpConnections <= 256 else {
            throw ValidationError("--http-connections must be at least --http-threads and at most 256")
        }
        guard (1...16).contains(httpRounds) else { throw ValidationError("--http-rounds must be from 1 to 16") }
        guard (1...600).contains(httpSeconds) else { throw ValidationError("--http-seconds must be from 1 to 600") }
    }

    func run() async throws {
        // Parts named on the command line must run; with none named, a part that cannot is skipped.
        let explicit = !parts.isEmpty
        // The soak runs for half an hour: only when named.
        for part in explicit ? parts : Part.allCases.filter({ $0 != .soak }) {
            switch part {
            case .detect: try DetectBench(messages: messages, rounds: max(1, rounds)).run()
            case .glossary: try benchGlossary()
            case .translate:
                guard let apertiumURL = try apertium(for: part, explicit: explicit) else { continue }
                try await TranslationBench(url: apertiumURL, requests: max(16, requests)).run()
            case .pipeline:
                guard let apertiumURL = try apertium(for: part, explicit: explicit) else { continue }
                try await PipelineBench(url: apertiumURL, requests: max(16, requests), library: glossaries.library).run()
            case .http:
                guard let apertiumURL = try apertium(for: part, explicit: explicit) else { continue }
                guard let wrk = HTTPBench.findWrk() else {
                    let message = "wrk is not installed (scripts/install-deps installs it; apt-get install wrk)"
                    if explicit { throw ValidationError("http: \(message)") }
                    print("http: skipped (\(message))")
                    continue
                }
                try await HTTPBench(
                    apertiumURL: apertiumURL, glossaries: glossaries.directory, industry: "hvac", wrk: wrk,
                    threads: httpThreads, connections: httpConnections, seconds: httpSeconds, rounds: httpRounds
                ).run()
            case .webhooks:
                guard let apertiumURL = try apertium(for: part, explicit: explicit) else { continue }
                try await WebhookBench(
                    apertiumURL: apertiumURL, glossaries: glossaries.directory, webhooks: max(1, webhooks),
                    concurrency: max(1, min(256, webhookConcurrency))
                ).run()
            case .replicas:
                guard let apertiumURL = try apertium(for: part, explicit: explicit) else { continue }
                try await ReplicaBench(
                    apertiumURL: apertiumURL, postgresURL: ProcessInfo.processInfo.environment["PARLEY_POSTGRES_URL"],
                    glossaries: glossaries.directory, clients: max(1, min(256, webhookConcurrency))
                ).run()
            case .search: try await SearchBench(options: search).run()
            case .soak:
                guard let apertiumURL = try apertium(for: part, explicit: explicit) else { continue }
                try await SoakBench(apertiumURL: apertiumURL, glossaries: glossaries.directory, options: soak).run()
            case .typing:
                guard let apertiumURL = try apertium(for: part, explicit: explicit) else { continue }
                try await TypingBench(url: apertiumURL, repliesFile: typingReplies, library: glossaries.library).run()
            case .ingest:
                guard let apertiumURL = try apertium(for: part, explicit: explicit) else { continue }
                try await IngestBench(
                    apertiumURL: apertiumURL, glossaries: glossaries.directory, webhooks: max(2_000, webhooks),
                    clients: max(1, min(256, webhookConcurrency))
                ).run()
            }
        }
    }

    /// The Apertium URL; nil (after a note) when there is none and the part was not asked for by name.
    private func apertium(for part: Part, explicit: Bool) throws -> String? {
        if let url = apertiumURL ?? ProcessInfo.processInfo.environment["PARLEY_APERTIUM_URL"], !url.isEmpty { return url }
        if explicit {
            throw ValidationError("\(part.rawValue): pass --apertium-url or set PARLEY_APERTIUM_URL (scripts/apertium start prints one)")
        }
        print("\(part.rawValue): skipped (no Apertium: pass --apertium-url or start one with scripts/apertium start)")
        return nil
    }

    private func benchGlossary() throws {
        let english = LanguageTag("en")!
        let synthetic = SyntheticGlossary.make(concepts: 10_000)
        let buildStart = ContinuousClock.now
        let matcher = GlossaryMatcher(glossaries: [synthetic], language: english)
        let buildTime = ContinuousClock.now - buildStart
        let sms = SyntheticGlossary.messages(from: synthetic, count: 1_000)
        try report("glossary (10,000 generated entries, \(matcher.termCount) terms, built in \(buildTime))", matcher: matcher, messages: sms)

        if let hvac = try? glossaries.library.matcher(industry: "hvac", language: LanguageTag("es")!) {
            let spanish = [
                "Hola, mi bomba de calor no enfría y el termostato no prende. ¿Pueden venir mañana?",
                "El técnico dijo que el filtro de aire está sucio y hay una fuga de refrigerante",
                "Cuánto cuesta el mantenimiento del aire acondicionado? Tengo garantía",
                "ok gracias, nos vemos a las 3",
            ]
            try report("glossary (shipped hvac, es, \(hvac.termCount) terms)", matcher: hvac, messages: spanish)
        }
    }

    private func report(_ title: String, matcher: GlossaryMatcher, messages: [String]) throws {
        var found = 0
        for message in messages { found += matcher.matches(in: message).count }  // warm-up
        let repetitions = max(1, 200_000 / messages.count)
        let seconds = Self.measure {
            for _ in 0..<repetitions {
                for message in messages { found &+= matcher.matches(in: message).count }
            }
        }
        let perMessage = seconds / Double(repetitions * messages.count) * 1e6
        let meanLength = messages.reduce(0) { $0 + $1.count } / messages.count
        print("\(title): \(String(format: "%.2f", perMessage)) µs per SMS (mean \(meanLength) characters)")
        if found < 0 { print("") }
    }

    private static func measure(_ body: () -> Void) -> Double {
        let start = ContinuousClock.now
        body()
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}
