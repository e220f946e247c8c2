import Synchronization
import MetricsTestKit
import ParleyLanguage
import Testing

@testable import ParleyTranslation

/// Replies translated and cached sentence by sentence: what reaches the backend while a rep types,
/// edits and sends, counted by a recording backend.
@Suite struct SentenceCacheTests {
    let thread = ConversationContext(preferredLanguage: LanguageTag("es")!)

    func makePipeline(_ backend: RecordingBackend, bySentence: Bool = true, usage: BackendUsage = .init()) -> TranslationPipeline {
        TranslationPipeline(
            backend: backend, detector: PipelineFixture.detector, glossary: nil,
            configuration: .init(translatesBySentence: bySentence, usage: usage))
    }

    /// The drafts a rep previews typing `reply` with a pause after each word.
    func drafts(of reply: String) -> [String] {
        let words = reply.split(separator: " ")
        return words.indices.map { words[...$0].joined(separator: " ") }
    }

    @Test func aGrowingDraftSendsEachFinishedSentenceOnce() async {
        let backend = RecordingBackend()
        let pipeline = makePipeline(backend)
        let reply = "Thanks for your message. A technician can come tomorrow. Does that work for you?"
        for draft in drafts(of: reply) {
            let preview = await pipeline.outbound(draft, context: thread)
            #expect(preview.result.status == .translated)
        }
        let forward = backend.forward
        #expect(forward.count { $0 == "Thanks for your message." } == 1)
        #expect(forward.count { $0 == "A technician can come tomorrow." } == 1)
        #expect(forward.count { $0 == "Does that work for you?" } == 1)
        // No call carries a finished sentence together with another one.
        #expect(!forward.contains { $0.contains("message. A") || $0.contains("tomorrow. Does") })
        let back = backend.back
        #expect(back.count { $0 == "THANKS FOR YOUR MESSAGE." } == 1)
        #expect(back.count { $0 == "A TECHNICIAN CAN COME TOMORROW." } == 1)
    }

    @Test func aSendAfterAPreviewOfTheSameTextCallsNoBackend() async {
        let backend = RecordingBackend()
        let pipeline = makePipeline(backend)
        let reply = "Your visit is booked. See you on Monday!"
        let preview = await pipeline.outbound(reply, context: thread)
        let calls = backend.calls.count
        #expect(calls == 4)  // two sentences forward, two back
        let sent = await pipeline.outbound(reply, context: thread)
        #expect(backend.calls.count == calls)
        #expect(sent.result.text == preview.result.text)
        #expect(sent.backTranslation?.text == preview.backTranslation?.text)
    }

    @Test func editingOneSentenceSendsOnlyThatSentenceBothWays() async {
        let backend = RecordingBackend()
        let pipeline = makePipeline(backend)
        _ = await pipeline.outbound("The part arrived. We install it on Monday. Thank you!", context: thread)
        backend.reset()
        let edited = await pipeline.outbound("The part arrived. We install it on Tuesday. Thank you!", context: thread)
        #expect(backend.forward == ["We install it on Tuesday."])
        #expect(backend.back == ["WE INSTALL IT ON TUESDAY."])
        #expect(edited.result.text == "THE PART ARRIVED. WE INSTALL IT ON TUESDAY. THANK YOU!")
        #expect(edited.backTranslation?.text == "THE PART ARRIVED. WE INSTALL IT ON TUESDAY. THANK YOU!")
    }

    @Test func protectedSpansInSeveralSentencesComeBackIntact() async {
        let backend = RecordingBackend()
        let pipeline = makePipeline(backend)
        let reply = "Call us at (410) 555-0123 today. The visit is $89.50 at https://example.com/a. Thanks!"
        let outbound = await pipeline.outbound(reply, context: thread)
        #expect(outbound.result.status == .translated)
        #expect(outbound.result.text.contains("(410) 555-0123"))
        #expect(outbound.result.text.contains("$89.50") || outbound.result.text.contains("89,50"))
        #expect(outbound.result.text.contains("https://example.com/a"))
        // One call per sentence, each with its own placeholders.
        #expect(backend.forward.count == 3)
        #expect(backend.forward.allSatisfy { !$0.contains("555") && !$0.contains("example.com") })
        // The first sentence goes alone, the others together, in any order.
        #expect(backend.forward[0].contains("{{T1}}"))
        #expect(backend.forward.contains { $0.contains("{{T2}}") && $0.contains("{{T3}}") })
    }

    /// A backend that is down gets one call per draft, however many sentences it has: the first
    /// sentence goes alone, and the others only once it was answered.
    @Test func aFailingBackendGetsOneCallPerDraft() async {
        let backend = RecordingBackend()
        backend.failing.withLock { $0 = true }
        let pipeline = makePipeline(backend)
        let outbound = await pipeline.outbound("The part arrived. We install it on Tuesday. Thank you!", context: thread)
        #expect(outbound.result.status != .translated)
        #expect(backend.calls.count == 1)
    }

    @Test func sentenceBySentenceKeepsTheWhiteSpaceBetweenSentences() async {
        let backend = RecordingBackend()
        let reply = "Good morning.  Your tech is on the way!\nHe arrives soon."
        let split = await makePipeline(backend).translate(reply, from: LanguageTag("en")!, to: LanguageTag("es")!)
        #expect(backend.calls.count == 3)
        let whole = await makePipeline(RecordingBackend(), bySentence: false).translate(
            reply, from: LanguageTag("en")!, to: LanguageTag("es")!)
        #expect(split.text == whole.text)
        #expect(split.text == reply.uppercased())
    }

    @Test func wholeTextModeSendsTheWholeTextOnce() async {
        let backend = RecordingBackend()
        _ = await makePipeline(backend, bySentence: false).translate(
            "First sentence. Second sentence.", from: LanguageTag("en")!, to: LanguageTag("es")!)
        #expect(backend.forward == ["First sentence. Second sentence."])
    }

    @Test func billedCharactersCountBackendCallsOnly() async throws {
        let metrics = TestMetrics()
        let backend = RecordingBackend()
        let pipeline = makePipeline(backend, usage: BackendUsage(factory: metrics))
        _ = await pipeline.outbound("We come at noon. Please leave the gate open.", context: thread)
        _ = await pipeline.outbound("We come at noon. Please leave the gate open.", context: thread)  // all cached
        _ = await pipeline.outbound("We come at noon. Call when you are home.", context: thread)  // one new sentence
        let billed = try metrics.expectCounter(BackendUsage.billedCharactersLabel, [("backend", "recording")])
        let requests = try metrics.expectCounter(BackendUsage.requestsLabel, [("backend", "recording")])
        #expect(backend.calls.count == 6)
        #expect(billed.totalValue == Int64(backend.characters))
        #expect(requests.totalValue == Int64(backend.calls.count))
    }
}

@Suite struct SentenceSplitterTests {
    func split(_ text: String) -> [String] { SentenceSplitter.sentences(in: text).map { String(text[$0]) } }

    @Test func splitsAtSentenceEndsAndLineBreaks() {
        #expect(split("Hi there. How are you? Great!") == ["Hi there.", "How are you?", "Great!"])
        #expect(split("  First line\nSecond line  ") == ["First line", "Second line"])
        #expect(split("Done!) Next one.") == ["Done!)", "Next one."])
        #expect(split("   ").isEmpty)
    }

    @Test func neverSplitsInsideNumbersPlaceholdersOrAfterAbbreviations() {
        #expect(split("The total is 3.50 today. Thanks.") == ["The total is 3.50 today.", "Thanks."])
        #expect(split("Call {{T1}}. {{T2}} works too.") == ["Call {{T1}}.", "{{T2}} works too."])
        #expect(split("Mr. Smith comes at 3 p.m. tomorrow.") == ["Mr. Smith comes at 3 p.m. tomorrow."])
        #expect(split("Bring the approx. size, e.g. the filter.") == ["Bring the approx. size, e.g. the filter."])
        #expect(split("J. Smith called. ok then.") == ["J. Smith called. ok then."])
        #expect(split("See <x id=\"1\"/>. Thanks") == ["See <x id=\"1\"/>.", "Thanks"])
    }
}
