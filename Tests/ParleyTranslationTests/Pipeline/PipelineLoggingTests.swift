import InMemoryLogging
import Logging
import ParleyHTTP
import ParleyLanguage
import ParleyTesting
import ParleyTranslation
import Testing

/// What the pipeline logs: stages at debug with `parley.translation.*` metadata, a failure at info,
/// and never the message's text.
@Suite struct PipelineLoggingTests {
    static let client = ParleyHTTPClient(configuration: .init(connectTimeout: .seconds(2), timeout: .seconds(5)))

    static func logger() -> (Logger, InMemoryLogHandler) {
        let handler = InMemoryLogHandler()
        var logger = Logger(label: "test", factory: { _ in handler })
        logger.logLevel = .debug
        return (logger, handler)
    }

    @Test func aTranslationLogsItsBackendCallThenItsCacheHit() async throws {
        let deepL = try DeepLFake()
        let pipeline = TranslationPipeline(
            backend: BackendConfiguration(chain: [.deepL(.init(key: Secret(deepL.key), url: deepL.baseURL))]).makeBackend(client: Self.client))
        let (logger, handler) = Self.logger()
        let text = "Secret plans for the furnace"
        let first = await pipeline.translate(text, from: .english, to: .spanish, logger: logger)
        #expect(first.status == .translated)
        let call = try #require(handler.entries.first { $0.message.description == "translation backend call" })
        #expect(call.level == .debug)
        #expect(call.metadata["parley.translation.backend"] == "deepl/v2")
        #expect(call.metadata["parley.translation.target"] == "es")
        #expect(call.metadata["parley.translation.characters"] != nil)
        let finished = try #require(handler.entries.last)
        #expect(finished.metadata["parley.translation.status"] == "translated")

        handler.clear()
        _ = await pipeline.translate(text, from: .english, to: .spanish, logger: logger)
        #expect(handler.entries.contains { $0.metadata["parley.translation.cache"] == "memory" })
        #expect(!handler.entries.contains { $0.message.description == "translation backend call" })
        #expect(!"\(handler.entries)".contains("Secret plans"))
    }

    @Test func aFailedTranslationIsLoggedAtInfoWithItsCode() async throws {
        let server = try FakeHTTPServer { _ in .text(503, "down") }
        let backend = BackendConfiguration(chain: [.libreTranslate(.init(url: server.baseURL))], attempts: 1)
            .makeBackend(client: Self.client)
        let (logger, handler) = Self.logger()
        let result = await TranslationPipeline(backend: backend).inbound("Hola, necesito ayuda con mi aire", logger: logger)
        #expect(result.status == .failed)
        let failure = try #require(handler.entries.first { $0.level == .info })
        #expect(failure.message.description == "translation failed")
        #expect(failure.metadata["parley.translation.error"] == "unavailable")
        #expect(failure.metadata["parley.translation.direction"] == "inbound")
        #expect(!"\(handler.entries)".contains("necesito"))
    }
}
