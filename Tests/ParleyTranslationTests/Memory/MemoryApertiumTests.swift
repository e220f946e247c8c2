import ParleyGlossary
import ParleyLanguage
import ParleyTranslation
import Testing

/// Approved wording from the translation memory before the real Apertium APy: variables filled in
/// with new values, close matches used with their score, and the backend paid only for sentences
/// the memory lacks (counted by a recording backend).
@Suite(.serialized) struct MemoryApertiumTests {
    let en = PipelineFixture.en
    let es = PipelineFixture.es

    func entry(_ id: String, _ source: String, _ target: String) -> MemoryEntry {
        MemoryEntry(id: id, sourceLanguage: en, targetLanguage: es, source: source, target: target)
    }

    var entries: [MemoryEntry] {
        [
            entry("arrival", "Your technician will arrive at {time}.", "Su técnico llegará a las {time}."),
            entry("on-the-way", "Your technician is on the way to your home now.", "Su técnico ya va en camino a su casa."),
            entry("estimate", "The estimate for the repair is {amount}.", "La cotización de la reparación es de {amount}."),
        ]
    }

    func pipeline(_ backend: InstrumentedBackend) -> TranslationPipeline {
        PipelineFixture.pipeline(backend, backTranslation: false).using(memory: FixedTranslationMemory(entries))
    }

    @Test func anApprovedEntryServesANewTime() async throws {
        let backend = InstrumentedBackend(wrapped: try PipelineFixture.apertium())
        let reply = await pipeline(backend).outbound("Your technician will arrive at 4:30 PM.", context: PipelineFixture.spanishThread)
        print("[memory/apertium] \(reply.result.text)")
        #expect(reply.result.status == .translated)
        #expect(reply.result.text == "Su técnico llegará a las 4:30 p. m.")
        #expect(reply.result.provenance.origin == .memory)
        #expect(reply.result.provenance.memory.map(\.entryID) == ["arrival"])
        #expect(reply.result.warnings.contains { $0.kind == .approvedWording && $0.message.contains("“Your technician will arrive at {time}.”") })
        #expect(reply.isReadyToSendAsIs)
        #expect(backend.calls == 0)
    }

    @Test func aCloseMatchIsUsedWithItsScoreAndAFarOneGoesToTheEngine() async throws {
        let backend = InstrumentedBackend(wrapped: try PipelineFixture.apertium())
        let close = await pipeline(backend).outbound("Your technician is on the way to your house now.", context: PipelineFixture.spanishThread)
        #expect(close.result.text == "Su técnico ya va en camino a su casa.")
        let use = try #require(close.result.provenance.memory.first)
        #expect(!use.isExact && use.percent == 90)
        #expect(close.result.warnings.contains { $0.kind == .closeMemoryMatch && $0.message.contains("90%") })
        #expect(close.needsConfirmation)
        #expect(backend.calls == 0)

        let far = await pipeline(backend).outbound("Your technician is stuck in traffic.", context: PipelineFixture.spanishThread)
        print("[memory/apertium] far: \(far.result.text)")
        #expect(far.result.status == .translated)
        #expect(far.result.provenance.memory.isEmpty)
        #expect(far.result.provenance.origin == .backend)
        #expect(backend.calls == 1)
    }

    @Test func aTwoSentenceReplyPaysTheEngineOnlyForItsNewSentence() async throws {
        let backend = InstrumentedBackend(wrapped: try PipelineFixture.apertium())
        let reply = await pipeline(backend).outbound(
            "The estimate for the repair is $1,250.00. Please leave the gate open.", context: PipelineFixture.spanishThread)
        print("[memory/apertium] two sentences: \(reply.result.text)")
        #expect(reply.result.status == .translated, "\(reply.result.problems)")
        #expect(reply.result.text.hasPrefix("La cotización de la reparación es de $1,250.00. "))
        #expect(reply.result.text.count > "La cotización de la reparación es de $1,250.00. ".count + 5)
        #expect(backend.calls == 1)
        #expect(backend.texts.count == 1)
        #expect(backend.texts.allSatisfy { !$0.contains("estimate") && $0.contains("gate") })
        #expect(reply.result.provenance.memory.map(\.entryID) == ["estimate"])
        #expect(reply.result.provenance.origin == .backend)
    }

    @Test func wordingThatNoLongerHasTheGlossarysTermIsLeftToTheEngine() async throws {
        let backend = InstrumentedBackend(wrapped: try PipelineFixture.apertium())
        // Approved before an admin made "técnico" the glossary's term for "technician".
        let stale = PipelineFixture.pipeline(backend, backTranslation: false).using(memory: FixedTranslationMemory([
            entry("stale", "Your technician is on the way.", "Su empleado va en camino.")
        ]))
        let reply = await stale.outbound("Your technician is on the way.", context: PipelineFixture.spanishThread)
        #expect(reply.result.provenance.memory.isEmpty)
        #expect(reply.result.text.contains("técnico"), "\(reply.result.text)")
        #expect(backend.calls == 1)
    }

    @Test func withoutAMatchThePipelineIsUnchanged() async throws {
        let backend = InstrumentedBackend(wrapped: try PipelineFixture.apertium())
        let text = "The dog is in the back yard."
        let withMemory = await pipeline(backend).outbound(text, context: PipelineFixture.spanishThread)
        let without = await PipelineFixture.pipeline(backend, backTranslation: false).outbound(text, context: PipelineFixture.spanishThread)
        #expect(withMemory.result.text == without.result.text)
        #expect(withMemory.result.status == without.result.status)
        #expect(!withMemory.result.warnings.contains { $0.kind == .approvedWording })
    }
}
