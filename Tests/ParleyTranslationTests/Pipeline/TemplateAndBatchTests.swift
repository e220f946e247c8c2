import ParleyLanguage
import ParleyTranslation
import Testing

/// Batches and templates, against the real APy.
@Suite(.serialized) struct TemplateAndBatchTests {
    let en = PipelineFixture.en
    let es = PipelineFixture.es

    @Test func aBatchAsksTheBackendOnceForItsDistinctMisses() async throws {
        let backend = InstrumentedBackend(wrapped: try PipelineFixture.apertium())
        let pipeline = PipelineFixture.pipeline(backend)
        let cached = await pipeline.translate("Thank you for your payment.", from: en, to: es)
        #expect(cached.status == .translated && backend.calls == 1)

        let texts = [
            "Thank you for your payment.",  // cached
            "Your technician is on the way.",
            "👍",  // nothing to translate
            "Your technician is on the way.",  // same as the second
            "Call us at (410) 555-0123.",
            "",
        ]
        let results = await pipeline.translate(texts, from: en, to: es)
        #expect(results.count == texts.count)
        #expect(backend.calls == 2)
        #expect(backend.texts.count == 1 + 2)  // the batch sent two distinct texts in one call
        #expect(results[0].provenance.origin == .memoryCache)
        #expect(results[1].status == .translated && results[1].text.contains("técnico"))
        #expect(results[2].status == .unchanged && results[2].unchangedReason == .nothingToTranslate)
        #expect(results[3].text == results[1].text)
        #expect(results[4].text.contains("(410) 555-0123"))
        #expect(results[5].unchangedReason == .empty)
        #expect(results.map(\.original) == texts)
    }

    @Test func aBatchWithTheBackendDownFailsEachMissClearly() async throws {
        let down = ApertiumBackend(baseURL: "http://127.0.0.1:9", client: ApertiumIntegrationTests.sharedClient)
        let pipeline = PipelineFixture.pipeline(down)
        let results = await pipeline.translate(["See you soon", "👍"], from: en, to: es)
        #expect(results[0].status == .failed && results[0].failure?.translationError?.code == .unavailable)
        #expect(results[0].text == "See you soon")
        #expect(results[1].status == .unchanged)
    }

    @Test func templatesArePreparedPerLanguageAndRenderedWithTheirVariables() async throws {
        let backend = InstrumentedBackend(wrapped: try PipelineFixture.apertium())
        let pipeline = PipelineFixture.pipeline(backend)
        let reminder = MessageTemplate(id: "reminder", text: "Hi {{first_name}}, your appointment is on {{date}} at {{time}}.")
        let onTheWay = MessageTemplate(id: "on-the-way", text: "Your technician {{tech}} is on the way 🚐")
        #expect(reminder.variables == ["first_name", "date", "time"])

        let prepared = await pipeline.prepare([reminder, onTheWay], for: [es])
        #expect(prepared.count == 2 && prepared.allSatisfy(\.isUsable))
        #expect(backend.calls == 1)  // one batch for the language
        let spanish = try prepared[0].render(["first_name": "María", "date": "14/03", "time": "3pm"])
        #expect(spanish.contains("María") && spanish.contains("14/03") && spanish.contains("3pm") && spanish.contains("cita"))
        #expect(!spanish.contains("{{"))

        #expect(throws: TemplateError.self) { try prepared[1].render([:]) }
        do {
            _ = try prepared[0].render(["first_name": "María"])
            Issue.record("rendered without values")
        } catch {
            #expect(error.missingVariables == ["date", "time"])
            #expect(error.description.contains("{{date}}"))
        }
        // A value that looks like a variable is inserted as it is.
        #expect(try prepared[1].render(["tech": "{{tech}}"]).contains("{{tech}}"))

        // Sending the template's text later is a cache hit.
        let outbound = await pipeline.outbound(onTheWay.text, context: PipelineFixture.spanishThread)
        #expect(outbound.result.provenance.cacheHit)
    }

    @Test func aTemplateWhoseTranslationFailedCannotBeRendered() async throws {
        let down = ApertiumBackend(baseURL: "http://127.0.0.1:9", client: ApertiumIntegrationTests.sharedClient)
        let prepared = await PipelineFixture.pipeline(down).prepare([MessageTemplate(id: "t", text: "Hello {{name}}")], for: [es])
        #expect(!prepared[0].isUsable)
        #expect(throws: TemplateError.self) { try prepared[0].render(["name": "Ana"]) }
    }
}
