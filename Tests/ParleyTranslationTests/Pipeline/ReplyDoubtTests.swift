import Foundation
import ParleyGlossary
import ParleyLanguage
import ParleyTranslation
import Testing

/// The checks that flag a doubtful reply without trusting the round trip: words left untranslated,
/// numbers changed, an odd length, forms wrong for the contact's region or register.
@Suite struct ReplyDoubtTests {
    let es = LanguageTag("es")!
    let detector = PipelineFixture.detector

    func pipeline(_ backend: ScriptedBackend, glossary: GlossarySet? = nil, variants: VariantRules = .init()) -> TranslationPipeline {
        TranslationPipeline(
            backend: backend, detector: detector, glossary: glossary, cache: nil,
            configuration: .init(backTranslation: false, variants: variants))
    }

    func kinds(_ outbound: OutboundTranslation) -> [PipelineWarning.Kind] {
        outbound.result.warnings.filter(\.kind.isDoubt).map(\.kind)
    }

    @Test func aSourceWordLeftAsWrittenIsADoubtButSharedWordsAndNamesAreNot() async throws {
        // A backend that marks nothing: the language model tells "wiring" from "gas".
        let backend = ScriptedBackend("untranslated") { text in
            text.replacingOccurrences(of: "We will check the", with: "Revisaremos el")
                .replacingOccurrences(of: "and the gas line for Maria", with: "y la línea de gas para Maria")
        }
        let outbound = await pipeline(backend).outbound(
            "We will check the wiring and the gas line for Maria.", context: ConversationContext(preferredLanguage: es))
        #expect(outbound.result.status == .translated)
        #expect(outbound.needsConfirmation)
        let doubt = try #require(outbound.result.warnings.first { $0.kind == .untranslatedWords })
        #expect(doubt.message.contains("wiring"))
        #expect(!doubt.message.contains("gas"), "gas is Spanish too")
        #expect(!doubt.message.contains("Maria"), "a name stays as written")
        #expect(outbound.doubts == [doubt.message])
    }

    @Test func wordsTheBackendMarksAsUnknownAreDoubtsAndTheMarksAreGone() async throws {
        let backend = ScriptedBackend("marked") { _ in "Revisaremos el \(UnknownWordMarks.marked("ductwork")) mañana." }
        let outbound = await pipeline(backend).outbound("We will check the ductwork tomorrow.", context: ConversationContext(preferredLanguage: es))
        #expect(outbound.result.text == "Revisaremos el ductwork mañana.")
        #expect(!outbound.result.text.contains(UnknownWordMarks.mark))
        #expect(outbound.doubts.count == 1)
        #expect(outbound.doubts.first?.contains("“ductwork”") == true)
    }

    @Test func aCleanTranslationHasNoDoubts() async throws {
        let backend = ScriptedBackend("clean") { _ in "Gracias, nos vemos mañana." }
        let outbound = await pipeline(backend).outbound("Thanks, see you tomorrow.", context: ConversationContext(preferredLanguage: es))
        #expect(outbound.doubts.isEmpty)
        #expect(!outbound.needsConfirmation)
        #expect(outbound.isReadyToSend)
    }

    @Test func aNumberTheBackendAddsOrDropsIsADoubt() async throws {
        let backend = ScriptedBackend("numbers") { _ in "El técnico llega en 2 horas." }
        let outbound = await pipeline(backend).outbound(
            "The technician arrives in a couple of hours.", context: ConversationContext(preferredLanguage: es))
        let doubt = try #require(outbound.result.warnings.first { $0.kind == .numbersChanged })
        #expect(doubt.message.contains("adds 2"))
    }

    @Test func aTranslationFarShorterThanTheReplyIsADoubt() async throws {
        let backend = ScriptedBackend("short") { _ in "Hola." }
        let outbound = await pipeline(backend).outbound(
            "Hello, thanks for your patience while we order the replacement part for your unit.",
            context: ConversationContext(preferredLanguage: es))
        #expect(kinds(outbound).contains(.lengthRatio))
    }

    @Test func latinAmericanSpanishGetsSuForVuestroAndADoubtForOtherVosotrosForms() async throws {
        let backend = ScriptedBackend("vosotros") { text in
            text == "Your appointment is confirmed." ? "Vuestra cita está confirmada." : "¿Podéis venir mañana?"
        }
        let pipeline = pipeline(backend)
        let appointment = await pipeline.outbound("Your appointment is confirmed.", context: ConversationContext(preferredLanguage: es))
        #expect(appointment.result.text == "Su cita está confirmada.")
        #expect(appointment.doubts.isEmpty)
        let come = await pipeline.outbound("Can you come tomorrow?", context: ConversationContext(preferredLanguage: LanguageTag("es-MX")!))
        #expect(kinds(come) == [.regionalForm])
        #expect(come.doubts.first?.contains("Podéis") == true)

        // Spain's Spanish keeps its vosotros.
        let spain = await pipeline.outbound("Your appointment is confirmed.", context: ConversationContext(preferredLanguage: LanguageTag("es-ES")!))
        #expect(spain.result.text == "Vuestra cita está confirmada.")
        #expect(spain.doubts.isEmpty)
        // A business in Spain makes plain es mean Spain.
        let spainByDefault = self.pipeline(backend, variants: VariantRules(defaultRegions: ["es": "ES"]))
        #expect(await spainByDefault.outbound("Your appointment is confirmed.", context: ConversationContext(preferredLanguage: es)).doubts.isEmpty)
    }

    @Test func theRegisterIsAskedOfTheBackendAndChecked() async throws {
        let backend = ScriptedBackend("register") { _ in "¿Puedes enviarme una foto de tu termostato?" }
        let pipeline = pipeline(backend)
        let formal = await pipeline.outbound(
            "Can you send me a photo of your thermostat?", context: ConversationContext(preferredLanguage: es, formality: .formal))
        #expect(backend.options.last?.formality == .formal)
        let doubt = try #require(formal.result.warnings.first { $0.kind == .register })
        #expect(doubt.message.contains("“tu”"))
        let informal = await pipeline.outbound(
            "Can you send me a photo of your thermostat?", context: ConversationContext(preferredLanguage: es, formality: .informal))
        #expect(backend.options.last?.formality == .informal)
        #expect(informal.doubts.isEmpty)
        let unsaid = await pipeline.outbound("Can you send me a photo of your thermostat?", context: ConversationContext(preferredLanguage: es))
        #expect(unsaid.doubts.isEmpty, "nobody said how to address them: tú is not a doubt")
    }

    @Test func aTermTheGlossaryForbidsInTheContactsRegionIsADoubt() async throws {
        let glossary = Glossary(
            industry: "regional",
            concepts: [
                Concept(id: "car", terms: [
                    LanguageTag("en")!: [Term("car", status: .preferred)],
                    LanguageTag("es-419")!: [Term("coche", status: .forbidden)],
                ])
            ])
        let backend = ScriptedBackend("regional") { _ in "Su coche está listo." }
        let pipeline = pipeline(backend, glossary: GlossarySet([glossary]))
        let mexico = await pipeline.outbound("Your vehicle is ready.", context: ConversationContext(preferredLanguage: LanguageTag("es-MX")!))
        #expect(kinds(mexico) == [.regionalForm])
        #expect(mexico.doubts.first?.contains("coche") == true)
        let spain = await pipeline.outbound("Your vehicle is ready.", context: ConversationContext(preferredLanguage: LanguageTag("es-ES")!))
        #expect(spain.doubts.isEmpty)
    }

    @Test func aHeldReplyGivesWhatFailedAsItsDoubts() async throws {
        // Every placeholder style comes back naming a span that does not exist.
        let backend = ScriptedBackend("damaged") { text in text.replacingOccurrences(of: "T1", with: "T9").replacingOccurrences(of: "\"1\"", with: "\"9\"") }
        let outbound = await pipeline(backend).outbound("Call 410-555-0123 tomorrow.", context: ConversationContext(preferredLanguage: es))
        #expect(outbound.result.status == .needsReview)
        #expect(!outbound.isReadyToSend)
        #expect(!outbound.needsConfirmation)
        #expect(!outbound.doubts.isEmpty)
    }

    @Test func doubtsSurviveTheCache() async throws {
        // The word the backend marks as unknown to it, and a number it adds.
        let backend = ScriptedBackend("cached") { _ in "Revise el \(UnknownWordMarks.marked("furnace")) en 2 días." }
        let cached = TranslationPipeline(
            backend: backend, detector: detector, configuration: .init(backTranslation: false))
        let first = await cached.outbound("Check the furnace soon.", context: ConversationContext(preferredLanguage: es))
        let second = await cached.outbound("Check the furnace soon.", context: ConversationContext(preferredLanguage: es))
        #expect(first.result.text == "Revise el furnace en 2 días.")
        #expect(first.doubts.count == 2)
        #expect(backend.calls == 1)
        #expect(second.result.provenance.cacheHit)
        #expect(first.doubts == second.doubts)
        #expect(!second.doubts.isEmpty)
    }

    @Test func anInboundKeywordIsShownAsWhatItMeansWithoutTheBackend() async throws {
        let backend = ScriptedBackend("keyword") { _ in "High" }
        let pipeline = pipeline(backend)
        let alto = await pipeline.inbound("ALTO")
        #expect(alto.text == "ALTO — opt-out request")
        #expect(alto.status == .translated)
        #expect(alto.provenance.origin == .keyword)
        #expect(alto.source.language == "es")
        #expect(alto.compliance.kind == .optOut)
        let help = await pipeline.inbound("ayuda por favor")
        #expect(help.text == "ayuda por favor — help request")
        // STOP is English, French and Polish: it says nothing of the thread's language.
        let stop = await pipeline.inbound("Stop!")
        #expect(stop.text == "Stop! — opt-out request")
        #expect(stop.source.isUndetermined)
        #expect(backend.calls == 0)
    }
}
