import Foundation
import ParleyGlossary
import ParleyLanguage
import ParleyTranslation
import Testing

/// The composed pipeline against the real Apertium APy and the shipped HVAC glossary.
@Suite(.serialized) struct TranslationPipelineTests {
    let en = PipelineFixture.en
    let es = PipelineFixture.es

    @Test func inboundSpanishBecomesEnglishWithOriginalKept() async throws {
        let backend = InstrumentedBackend(wrapped: try PipelineFixture.apertium())
        let pipeline = PipelineFixture.pipeline(backend)
        let message = "Hola, el técnico no llegó. Llámeme al (410) 555-0123 👍"
        let result = await pipeline.inbound(message)
        #expect(result.status == .translated, "\(result.problems) \(String(describing: result.failure))")
        #expect(result.original == message)
        #expect(result.source == es && result.target == en)
        #expect(result.detection?.language == es)
        #expect(result.text.contains("technician"))  // glossary: técnico → technician
        #expect(result.text.contains("(410) 555-0123") && result.text.contains("👍"))
        #expect(result.provenance.origin == .backend)
        #expect(result.provenance.backend == backend.identity)
        #expect(result.provenance.glossaryVersion == PipelineFixture.hvac.version)
        #expect(result.provenance.glossaryTerms == 1)
        #expect(result.provenance.protectedSpans == 2)
        #expect(result.provenance.placeholderStyle == .curly)
        let stages = result.provenance.stages.map(\.stage)
        #expect(stages == ["intake", "compliance", "detect", "cache", "protect", "translate", "restore", "check"])
        // What went to the backend had no phone number, emoji or glossary term in it.
        let sent = try #require(backend.texts.first)
        #expect(!sent.contains("555") && !sent.contains("👍") && !sent.contains("técnico"))
    }

    @Test func outboundEnglishBecomesSpanishWithBackTranslationAndSegments() async throws {
        let pipeline = PipelineFixture.pipeline(try PipelineFixture.apertium())
        let reply = "Your appointment is confirmed for Thursday at 2:30pm. The estimate is $1,200 👍"
        let outbound = await pipeline.outbound(reply, context: PipelineFixture.spanishThread)
        #expect(outbound.result.status == .translated, "\(outbound.result.problems)")
        #expect(outbound.isReadyToSend)
        let spanish = try #require(outbound.textToSend)
        #expect(spanish.contains("cita") && spanish.contains("cotización"))  // glossary terms enforced
        // The time in Spanish conventions, the price byte-exact.
        #expect(spanish.contains("$1,200") && spanish.contains("2:30 p. m.") && spanish.contains("👍"))
        #expect(outbound.result.target == es)
        #expect(outbound.sms.encoding == .ucs2)  // the emoji
        let units = spanish.utf16.count  // UCS-2: 70 in one segment, else 67 per segment
        #expect(outbound.sms.segments == (units <= 70 ? 1 : (units + 66) / 67))
        #expect(outbound.result.warnings.contains { $0.kind == .longMessage } == (units > 70))
        let back = try #require(outbound.backTranslation)
        #expect(back.status == .translated)
        #expect(back.source == es && back.target == en)
        #expect(back.text.contains("appointment") && back.text.contains("$1,200"))
    }

    @Test func outboundFallsBackToTheThreadLanguageAndFailsWithoutOne() async throws {
        let pipeline = PipelineFixture.pipeline(try PipelineFixture.apertium(), backTranslation: false)
        let detected = await pipeline.outbound("Thank you", context: ConversationContext(threadLanguages: [es]))
        #expect(detected.result.target == es && detected.isReadyToSend)
        let unknown = await pipeline.outbound("Thank you", context: ConversationContext())
        #expect(unknown.result.status == .failed && !unknown.isReadyToSend && unknown.textToSend == nil)
        #expect(unknown.result.failure?.message.contains("language is not known") == true)
        let english = await pipeline.outbound("Thank you", context: ConversationContext(preferredLanguage: en))
        #expect(english.result.status == .unchanged && english.result.unchangedReason == .sameLanguage)
        #expect(english.textToSend == "Thank you")
    }

    @Test func fiftyIdenticalConcurrentRequestsMakeOneBackendCall() async throws {
        // A slow backend, so all fifty overlap however the machine schedules them: the coalescer
        // merges what overlaps; one that came after the answer was cached would find the cache.
        let backend = InstrumentedBackend(wrapped: try PipelineFixture.apertium(), delay: .milliseconds(700))
        let pipeline = PipelineFixture.pipeline(backend)
        let message = "Mi aire acondicionado hace un ruido muy fuerte desde ayer"
        let results = await withTaskGroup(of: TranslationResult.self) { group in
            for _ in 0..<50 { group.addTask { await pipeline.inbound(message, context: PipelineFixture.spanishThread) } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(backend.calls == 1)
        #expect(results.count == 50)
        #expect(Set(results.map(\.text)).count == 1)
        #expect(results.allSatisfy { $0.status == .translated })
        // One asked the backend; the others joined it in flight or found it in the cache.
        #expect(results.count { $0.provenance.origin == .backend && !$0.provenance.coalesced } == 1)
        #expect(results.allSatisfy { $0.provenance.origin == .backend || $0.provenance.cacheHit })
        let again = await pipeline.inbound(message, context: PipelineFixture.spanishThread)
        #expect(again.provenance.origin == .memoryCache && backend.calls == 1)
    }

    @Test func aRepeatIsAnsweredByTheCacheWithTheSameTextAndProvenance() async throws {
        let backend = InstrumentedBackend(wrapped: try PipelineFixture.apertium())
        let pipeline = PipelineFixture.pipeline(backend)
        // Colons, digits and a glossary term missing in Spanish-English do not upset the cached form.
        let message = "12:30 está bien: el técnico 3:4 dijo 5: que traiga el serpentín 🙏🏽 https://example.com/a:b"
        let first = await pipeline.inbound(message)
        let second = await pipeline.inbound(message)
        #expect(first.status == .translated && second.status == .translated)
        #expect(first.provenance.origin == .backend && second.provenance.origin == .memoryCache)
        #expect(second.text == first.text)
        #expect(second.warnings == first.warnings)
        #expect(second.provenance.placeholderStyle == first.provenance.placeholderStyle)
        #expect(second.provenance.glossaryTerms == first.provenance.glossaryTerms)
        #expect(second.provenance.protectedSpans == first.provenance.protectedSpans)
        #expect(!second.provenance.stages.contains { $0.stage == "translate" || $0.stage == "protect" })
        #expect(backend.calls == 1)
    }

    @Test func glossaryEditGivesANewVersionAndNoStaleCacheHit() async throws {
        let backend = InstrumentedBackend(wrapped: try PipelineFixture.apertium())
        let pipeline = PipelineFixture.pipeline(backend, backTranslation: false)
        let reply = "The technician will check your thermostat tomorrow."
        let before = await pipeline.outbound(reply, context: PipelineFixture.spanishThread)
        #expect(before.result.text.contains("termostato"))

        // An admin changes the Spanish preferred term for "thermostat".
        var edited = try PipelineFixture.library.load("hvac")
        let index = try #require(edited.concepts.firstIndex { $0.id == "hvac-thermostat" })
        edited.concepts[index].terms[es] = [Term("control de temperatura", status: .preferred)]
        let dnt = try PipelineFixture.library.loadOrEmpty(GlossaryLibrary.doNotTranslate)
        let newSet = GlossarySet([edited, dnt])
        #expect(newSet.version != PipelineFixture.hvac.version)

        let after = await pipeline.using(newSet).outbound(reply, context: PipelineFixture.spanishThread)
        #expect(after.result.status == .translated)
        #expect(after.result.text.contains("control de temperatura") && !after.result.text.contains("termostato"))
        #expect(after.result.provenance.glossaryVersion == newSet.version)
        #expect(!after.result.provenance.cacheHit)
        // The same text under the old glossary is still a hit.
        let old = await pipeline.outbound(reply, context: PipelineFixture.spanishThread)
        #expect(old.result.provenance.cacheHit && old.result.text == before.result.text)
    }

    @Test func backendDownInboundReturnsTheOriginalWithAClearError() async throws {
        // A port nothing listens on: the real client, a refused connection.
        let down = ApertiumBackend(baseURL: "http://127.0.0.1:9", client: ApertiumIntegrationTests.sharedClient)
        let pipeline = PipelineFixture.pipeline(down)
        let message = "Necesito una cotización para cambiar mi calefactor"
        let result = await pipeline.inbound(message)
        #expect(result.status == .failed)
        #expect(result.text == message && result.original == message)
        #expect(result.detection?.language == es)
        let failure = try #require(result.failure)
        #expect(failure.stage == .translate)
        #expect(failure.translationError?.code == .unavailable)
        // The rep's words are plain; the detail (the address, what the client said) is kept for admins and logs.
        #expect(failure.message == "The translation service did not answer.")
        #expect(failure.detail.contains("127.0.0.1") || failure.detail.lowercased().contains("connect"))
        let outbound = await pipeline.outbound("See you tomorrow", context: PipelineFixture.spanishThread)
        #expect(outbound.result.status == .failed && outbound.textToSend == nil)
    }

    @Test(arguments: ["👍🏽🙏", "https://example.com/appt?id=42", "(410) 555-0123", "$1,200 👍", "{{first_name}}", "OTTO 👍"])
    func messagesWithNothingToTranslateNeverReachTheBackend(_ message: String) async throws {
        let backend = InstrumentedBackend(wrapped: try PipelineFixture.apertium())
        let pipeline = PipelineFixture.pipeline(backend)
        let inbound = await pipeline.translate(message, from: es, to: en)
        #expect(inbound.status == .unchanged && inbound.unchangedReason == .nothingToTranslate)
        #expect(inbound.text == message)
        let outbound = await pipeline.outbound(message, context: PipelineFixture.spanishThread)
        #expect(outbound.textToSend == message)
        #expect(backend.calls == 0)
    }

    @Test func aMessageOfOnlyGlossaryTermsIsTranslatedByTheGlossaryAlone() async throws {
        let backend = InstrumentedBackend(wrapped: try PipelineFixture.apertium())
        let pipeline = PipelineFixture.pipeline(backend)
        let result = await pipeline.translate("Heat pump? 🙏", from: en, to: es)
        #expect(result.status == .translated)
        #expect(result.text == "Bomba de calor? 🙏")
        #expect(result.provenance.origin == .glossary)
        #expect(backend.calls == 0)
    }

    @Test func inboundInEnglishOrNoLanguageIsNotTranslated() async throws {
        let backend = InstrumentedBackend(wrapped: try PipelineFixture.apertium())
        let pipeline = PipelineFixture.pipeline(backend)
        let english = await pipeline.inbound("Yes, Thursday works for me. Thanks!")
        #expect(english.status == .unchanged && english.unchangedReason == .sameLanguage && english.source == en)
        let blank = await pipeline.inbound(" \u{200B} ")
        #expect(blank.status == .unchanged && blank.unchangedReason == .empty)
        #expect(backend.calls == 0)
    }

    @Test func optOutIsFlaggedBeforeTranslation() async throws {
        let pipeline = PipelineFixture.pipeline(try PipelineFixture.apertium())
        let result = await pipeline.inbound("ALTO por favor")
        #expect(result.compliance.kind == .optOut && result.compliance.keyword == "ALTO")
        #expect(result.warnings.contains { $0.kind == .optOut })
        #expect(result.provenance.stages.map(\.stage).prefix(2) == ["intake", "compliance"])
    }

    @Test func intakeRefusalKeepsTheOriginalAndSaysWhy() async throws {
        let backend = InstrumentedBackend(wrapped: try PipelineFixture.apertium())
        let pipeline = TranslationPipeline(
            backend: backend, detector: PipelineFixture.detector, configuration: .init(intake: .init(maximumLength: 20)))
        let long = String(repeating: "Hola amigo. ", count: 5)
        let result = await pipeline.inbound(long)
        #expect(result.status == .failed && result.failure?.stage == .intake)
        #expect(result.text == long && result.original == long)
        #expect(result.failure?.message.contains("Nothing was truncated") == true)
        #expect(backend.calls == 0)
    }

    @Test func damagedPlaceholdersAreRetriedInAnotherStyle() async throws {
        let backend = InstrumentedBackend(wrapped: try PipelineFixture.apertium(), fault: .damagePlaceholders([.curly]))
        let pipeline = PipelineFixture.pipeline(backend)
        let result = await pipeline.translate("Llame al 410-555-0123 mañana", from: es, to: en)
        #expect(result.status == .translated)
        #expect(result.provenance.placeholderStyle == .brackets && result.provenance.attempts == 2)
        #expect(result.warnings.contains { $0.kind == .placeholderRetry })
        #expect(result.text.contains("410-555-0123"))
        #expect(backend.calls == 2)
    }

    @Test func damageInEveryStyleIsMarkedForReviewNeverReturnedAsGood() async throws {
        let backend = InstrumentedBackend(
            wrapped: try PipelineFixture.apertium(), fault: .damagePlaceholders(Set(PlaceholderStyle.allCases)))
        let pipeline = PipelineFixture.pipeline(backend)
        let outbound = await pipeline.outbound("Call 410-555-0123 tomorrow", context: PipelineFixture.spanishThread)
        #expect(outbound.result.status == .needsReview)
        #expect(!outbound.isReadyToSend && outbound.textToSend == nil)
        #expect(!outbound.result.problems.isEmpty)
        #expect(outbound.result.provenance.attempts == PlaceholderStyle.fallbackOrder.count)
        // A damaged translation is never cached.
        let again = await pipeline.outbound("Call 410-555-0123 tomorrow", context: PipelineFixture.spanishThread)
        #expect(!again.result.provenance.cacheHit)
    }

    @Test func forbiddenTermInTheTranslationIsMarkedForReview() async throws {
        // The HVAC glossary forbids "horno" (oven) for furnace in Spanish.
        let backend = InstrumentedBackend(wrapped: try PipelineFixture.apertium(), fault: .append("horno"))
        let pipeline = PipelineFixture.pipeline(backend, backTranslation: false)
        let outbound = await pipeline.outbound("See you tomorrow", context: PipelineFixture.spanishThread)
        #expect(outbound.result.status == .needsReview)
        #expect(outbound.result.problems.contains { $0.contains("horno") && $0.contains("forbids") })
    }

    /// The target term keeps its own case; only a term starting a sentence gets a capital first letter
    /// (a shouted source is not shouted back, an acronym like "AC" does not capitalise the term).
    @Test(arguments: [("Heat pump?", "Bomba de calor?"), ("HEAT PUMP!", "Bomba de calor!"), ("heat pump", "bomba de calor")])
    func substitutedTermsKeepTheTargetTermsCase(_ source: String, _ expected: String) async throws {
        let pipeline = PipelineFixture.pipeline(try PipelineFixture.apertium())
        let result = await pipeline.translate(source, from: en, to: es)
        #expect(result.text == expected)
    }
}
