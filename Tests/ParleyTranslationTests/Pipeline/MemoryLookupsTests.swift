import ParleyLanguage
import Synchronization
import Testing

@testable import ParleyTranslation

/// The translation memory's answers kept per reply: a reply previewed again is not looked up
/// again, and an edited memory or glossary is used at once.
@Suite struct MemoryLookupsTests {
    let thread = ConversationContext(preferredLanguage: LanguageTag("es")!)
    static let en = LanguageTag("en")!
    static let es = LanguageTag("es")!

    /// A memory whose entries an admin edits: each edit builds a new index, as the store's memory
    /// does when its revision moves; between edits the same index is given.
    final class EditableMemory: TranslationMemory {
        private let index = Mutex<[MemoryEntry]>([])
        private let built = Mutex<MemoryIndex?>(nil)

        init(_ entries: [(String, String)]) { replace(entries) }

        func replace(_ entries: [(String, String)]) {
            let entries = entries.enumerated().map { offset, entry in
                MemoryEntry(id: "e\(offset)", sourceLanguage: MemoryLookupsTests.en, targetLanguage: MemoryLookupsTests.es, source: entry.0, target: entry.1)
            }
            index.withLock { $0 = entries }
            built.withLock { $0 = nil }
        }

        func index(for pair: LanguagePair) async throws -> MemoryIndex {
            if let built = built.withLock({ $0 }) { return built }
            let made = MemoryIndex(index.withLock { $0 }, pair: pair)
            built.withLock { $0 = made }
            return made
        }
    }

    @Test func aReplyLookedUpAgainReusesItsAnswerUntilTheMemoryChanges() async {
        let memory = EditableMemory([("Your appointment is confirmed.", "Su cita está confirmada.")])
        let pipeline = PipelineFixture.pipeline(RecordingBackend(), glossary: nil, backTranslation: false).using(memory: memory)
        let reply = "Your appointment is confirmed. See you soon."

        let first = await pipeline.outbound(reply, context: thread)
        let again = await pipeline.outbound(reply, context: thread)
        #expect(first.result.text == "Su cita está confirmada. SEE YOU SOON.", "\(first.result.text)")
        #expect(again.result.text == first.result.text)
        #expect(again.result.provenance.memory.map(\.entryID) == ["e0"])
        #expect(pipeline.memoryLookups.count == 1)

        // An admin rewords the entry: the next preview of the same reply uses the new wording.
        memory.replace([("Your appointment is confirmed.", "Confirmamos su cita.")])
        let edited = await pipeline.outbound(reply, context: thread)
        #expect(edited.result.text == "Confirmamos su cita. SEE YOU SOON.", "\(edited.result.text)")
        #expect(pipeline.memoryLookups.count == 2)

        // The entry is withdrawn: the backend translates the whole reply.
        memory.replace([])
        let withdrawn = await pipeline.outbound(reply, context: thread)
        #expect(withdrawn.result.text == "YOUR APPOINTMENT IS CONFIRMED. SEE YOU SOON.", "\(withdrawn.result.text)")
    }

    @Test func anotherGlossaryLooksTheReplyUpAgain() async {
        let memory = EditableMemory([("Your appointment is confirmed.", "Su cita está confirmada.")])
        let plain = PipelineFixture.pipeline(RecordingBackend(), glossary: nil, backTranslation: false).using(memory: memory)
        let reply = "Your appointment is confirmed."
        _ = await plain.outbound(reply, context: thread)
        let withGlossary = plain.using(PipelineFixture.hvac)
        #expect(withGlossary.memoryLookups === plain.memoryLookups, "copies share the answers")
        _ = await withGlossary.outbound(reply, context: thread)
        #expect(plain.memoryLookups.count == 2)
    }

    @Test func theOldestAnswersMakeRoom() {
        let lookups = MemoryLookups(capacity: 2)
        var splits: [String] = []
        for text in ["a", "b", "a", "c", "a", "b"] {
            _ = lookups.pieces(for: .init(generation: 1, glossary: "", text: text)) {
                splits.append(text)
                return []
            }
        }
        // "a" is answered from memory once; "c" pushes "a" out, then "a" pushes "b" out, and so on.
        #expect(splits == ["a", "b", "c", "a", "b"])
        #expect(lookups.count == 2)
    }
}
