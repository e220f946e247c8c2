import Foundation
import ParleyThreads
import ParleyTranslation

// The Apertium APy to translate with: the first argument, else PARLEY_APERTIUM_URL.
let apy = CommandLine.arguments.dropFirst().first
    ?? ProcessInfo.processInfo.environment["PARLEY_APERTIUM_URL"] ?? "http://127.0.0.1:2737"

// Translations kept between runs in an SQLite file (ParleyThreads, built without PostgreSQL).
let cacheFile = FileManager.default.temporaryDirectory.appendingPathComponent("messaging-core-cache.sqlite").path
let cache = TranslationCache(persistent: SQLiteTranslationCacheStore(database: try ParleyDatabase(path: cacheFile)))

// One pipeline for the whole process: the bundled language detector, no glossary.
let pipeline = TranslationPipeline(backend: BackendConfiguration(chain: [.apertium(.init(url: apy))]).makeBackend(), cache: cache)

// A contact texts the business number. The rep reads English; the original is kept.
let inbound = await pipeline.inbound("Hola, mi aire acondicionado no enfría. ¿Pueden venir mañana?")
print("rep sees (\(inbound.source), \(inbound.status)): \(inbound.text)")
print("original: \(inbound.original)")
if let failure = inbound.failure { print("not translated: \(failure.message)") }

// The rep answers in English; it goes out in the language the contact wrote in.
let context = ConversationContext(preferredLanguage: inbound.source, threadLanguages: [inbound.source])
let reply = await pipeline.outbound("Yes, a technician can come tomorrow at 9:30 AM. Call 410-555-0123 if anything changes.", context: context)
guard let text = reply.textToSend else {
    // Failed, or held by its checks: nothing goes to the contact, and the rep reads why.
    print("not sent: \(reply.doubts.joined(separator: " "))")
    exit(1)
}
print("send (\(reply.sms.segments) SMS segment(s), \(reply.sms.encoding)): \(text)")
print("back-translation for the rep: \(reply.backTranslation?.text ?? "none")")
if reply.needsConfirmation {
    print("the rep confirms first: \(reply.doubts.joined(separator: " "))")
}
exit(inbound.status == .translated ? 0 : 1)
