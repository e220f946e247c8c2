import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ParleyGlossary
import ParleyLanguage
import ParleyTesting
import ParleyThreadsTesting
import ParleyTranslation
import PropertyBased
import Testing

@testable import ParleyServer

/// The admins' glossary routes under hostile input: files imported through
/// `POST /v1/glossaries/:industry/import` (mutated TBX, CSV, TSV and glossary JSON, entity bombs,
/// mismatched content types, junk industries and modes) and concepts sent to
/// `POST …/concepts` with damaged JSON. Each request is answered with a success or a 4xx problem;
/// a refused one leaves the glossary folder byte for byte as it was, and after a success every
/// glossary file still reads and validates and the service enforces what the file holds.
/// Seeded (see ``Fuzz``).
@Suite struct HostileInputGlossaryAPITests {
    struct Case: CustomStringConvertible {
        var uri: String
        var key: String?
        var contentType: String?
        var body: [UInt8]

        var description: String {
            "POST \(uri) as \(key ?? "nobody"), Content-Type \(contentType ?? "none"), body \(body.count) bytes: \(Fuzz.escaped(body))"
        }
    }

    static let tbxTokens: [[UInt8]] = [
        "<", ">", "</term>", "<term>", "<termSec>", "</langSec>", "<conceptEntry id=\"", "<!DOCTYPE tbx [<!ENTITY a \"b\">]>",
        "&a;", "&#0;", "<![CDATA[", "]]>", "xml:lang=\"español\"", "\"", "<?xml version=\"1.0\" encoding=\"UTF-7\"?>",
    ].map { Array($0.utf8) }
    static let tableTokens: [[UInt8]] = [",", "\t", "\"", "\n", "\r\n", "=1+1", "en", "es", "x-klingon", "pos", "nounish"].map { Array($0.utf8) }

    static func cases(_ fixture: HostileFixture) throws -> Generator<Case, Shrink.None<Case>> {
        let hvac = try GlossaryLibrary(directory: fixture.glossaries).load("hvac")
        let tbx = Array(GlossaryExporter(format: .tbx).write(hvac).utf8)
        let csv = Array(GlossaryExporter(format: .csv).write(hvac).utf8)
        let tsv = Array(GlossaryExporter(format: .tsv, pair: (LanguageTag("en")!, LanguageTag("es")!)).write(hvac).utf8)
        let json = Array(try JSONEncoder().encode(hvac))
        let small = Array("en,es\nthermostat,termostato\nfurnace filter,filtro del horno\n".utf8)
        let concept = Array(
            #"{"partOfSpeech": "noun", "terms": {"en": [{"text": "fuzz plan", "status": "preferred"}], "es": [{"text": "plan fuzz", "status": "preferred"}]}}"#
                .utf8)
        let files: [(type: String, seeds: [[UInt8]], tokens: [[UInt8]])] = [
            ("application/x-tbx", [tbx], tbxTokens), ("text/csv", [csv, small], tableTokens),
            ("text/tab-separated-values", [tsv], tableTokens), ("application/json", [json], [Array("{".utf8), Array("\"".utf8)]),
        ]
        let hostile = Hostile.text()
        return Generator { rng -> Case in
            let industry = Int.random(in: 0..<6, using: &rng) == 0
                ? ["new-trade", "HVAC", "..%2F..%2Fetc", "%2e%2e", "do-not-translate", "-hvac", String(repeating: "a", count: 101)]
                    .randomElement(using: &rng)! : "hvac"
            let key = Int.random(in: 0..<8, using: &rng) == 0
                ? [HostileFixture.danaKey, HostileFixture.coreKey, nil].randomElement(using: &rng)! : HostileFixture.adminKey
            if Int.random(in: 0..<5, using: &rng) == 0 {
                var body = concept
                for _ in 0..<Int.random(in: 0...4, using: &rng) { Hostile.mutate(&body, dictionary: [Array("\"".utf8)], using: &rng) }
                return Case(uri: "/v1/glossaries/\(industry)/concepts", key: key, contentType: "application/json", body: body)
            }
            let file = files.randomElement(using: &rng)!
            var body = file.seeds.randomElement(using: &rng)!
            for _ in 0..<Int.random(in: 0...5, using: &rng) { Hostile.mutate(&body, dictionary: file.tokens, using: &rng) }
            var contentType: String? = file.type
            if Int.random(in: 0..<8, using: &rng) == 0 {
                contentType = ["text/csv", "application/xml", "application/json", "text/plain", "", nil, "text/csv; charset=latin1"]
                    .randomElement(using: &rng)!
            }
            var query = ["", "?mode=merge", "?mode=replace"].randomElement(using: &rng)!
            if Int.random(in: 0..<8, using: &rng) == 0 {
                query = "?mode=" + (hostile.run(using: &rng).addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
                    + "&baseVersion=" + (hostile.run(using: &rng).addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
            }
            return Case(uri: "/v1/glossaries/\(industry)/import\(query)", key: key, contentType: contentType, body: body)
        }
    }

    /// How many answers of each class (2 for 2xx, 4 for 4xx).
    actor Answers {
        var byClass: [Int: Int] = [:]
        func count(_ status: Int) { byClass[status / 100, default: 0] += 1 }
    }

    /// Every file of the glossary folder, by name.
    static func snapshot(_ folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            files[name] = try Data(contentsOf: folder.appendingPathComponent(name))
        }
        return files
    }

    @Test func importsAndEditsAnswerASuccessOrAProblemAndNeverCorruptTheFolder() async throws {
        try await HostileFixture.with(.sqlite) { fixture in
            let app = buildApplication(try fixture.services(), logger: HostileFixture.logger)
            let library = GlossaryLibrary(directory: fixture.glossaries)
            let answers = Answers()
            try await app.test(.router) { client in
                let report = await Fuzz.check("glossary api", cases: 120, input: try Self.cases(fixture), describe: \.description) { request in
                    var headers = HTTPFields()
                    if let key = request.key { headers[.authorization] = "Bearer \(key)" }
                    if let type = request.contentType { headers[.contentType] = type }
                    let before = try Self.snapshot(fixture.glossaries)
                    let response = try await HostileFixture.send(client, .post, request.uri, headers: headers, body: request.body)
                    try HostileAnswer.check(response)
                    await answers.count(response.status.code)
                    if response.status.code >= 400 {
                        try Fuzz.require(try Self.snapshot(fixture.glossaries) == before, "a \(response.status.code) answer changed the glossary folder")
                        return
                    }
                    for industry in try library.industries() {
                        do throws(GlossaryError) {
                            _ = try library.load(industry)
                        } catch {
                            throw Fuzz.Failure("after a \(response.status.code) answer, \(industry).tbx is invalid: \(error)")
                        }
                    }
                    let enforced = try #require(fixture.shelf.current?.versions["hvac"])
                    try Fuzz.require(enforced == (try library.load("hvac")).version, "the service enforces another HVAC glossary than the file holds")
                }
                #expect(report.passed)
            }
            // The cases reach saving glossaries, not only the refusals.
            let counts = await answers.byClass
            #expect(counts[2, default: 0] > 0 && counts[4, default: 0] > 0, "answers by class: \(counts)")
        }
    }
}
