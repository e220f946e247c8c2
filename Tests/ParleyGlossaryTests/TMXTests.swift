import Foundation
import ParleyGlossary
import ParleyLanguage
import ParleyTesting
import Testing

/// TMX 1.4b: the translation memory translate-toolkit's po2tmx writes, inline codes, units refused
/// one by one, the writer, and the same safety rules as TBX.
@Suite struct TMXTests {
    static func read(_ text: String, file: String = "x.tmx") throws(TMXError) -> TMXReader.Outcome {
        try TMXReader().read(Data(text.utf8), file: file)
    }

    /// A TMX file with a header and the given body lines, after a prolog.
    static func tmx(_ body: String, prolog: String = "", srclang: String = "en") -> String {
        #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n" + prolog + "\n" + #"<tmx version="1.4">"# + "\n"
            + #"<header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" srclang="\#(srclang)" datatype="plaintext"/>"#
            + "\n<body>\n" + body + "\n</body>\n</tmx>\n"
    }

    static func date(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        return formatter.date(from: text)!
    }

    // MARK: - po2tmx

    @Test func po2tmxFileReadsWithoutEdits() throws {
        let outcome = try TMXReader().read(try Fixtures.exchangeFile("sms-replies.tmx"), file: "sms-replies.tmx")
        #expect(outcome.refused.isEmpty)
        let header = outcome.document.header
        #expect(header.sourceLanguage == "en")
        #expect(header.creationTool == "Translate Toolkit")
        #expect(header.creationToolVersion == "3.20.4")
        #expect(header.segmentType == "sentence")
        #expect(header.originalFormat == "UTF-8")
        #expect(header.adminLanguage == "en")
        #expect(header.dataType == "PlainText")
        let units = outcome.document.units
        // The untranslated and the fuzzy messages of the PO file are not in it.
        #expect(units.count == 10)
        #expect(units.allSatisfy { $0.sourceLanguage == "en" && $0.variants.map(\.language) == ["en", "es"] })
        #expect(units[0].variant(in: "en")?.text == "Hi {name}, your technician is on the way.")
        #expect(units[0].variant(in: "es")?.text == "Hola {name}, su técnico va en camino.")
        #expect(units[0].notes == ["Sent when a technician is dispatched."])
        #expect(units[4].variant(in: "en")?.segment == [.text("The thermostat must be set to 68 °F & left on HEAT.")])
        #expect(units[5].variant(in: "es")?.text == "Responda <b>SÍ</b> para confirmar o NO para cambiar la fecha.")
        #expect(units[7].variant(in: "es")?.text == "Gracias por su pago.\n¡Hasta la próxima temporada!")
        #expect(units[8].properties == [TMXProperty(type: "x-context", value: "answer")])
        #expect(units[8].variant(in: "ES")?.text == "Sí")
        #expect(units[9].variant(in: "es")?.languageTag?.identifier == "es")
    }

    @Test func po2tmxFileWrittenAgainReadsTheSame() throws {
        let document = try TMXReader().read(try Fixtures.exchangeFile("sms-replies.tmx"), file: "sms-replies.tmx").document
        let written = try TMXWriter().write(document)
        #expect(written.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\n"))
        #expect(written.contains(#"<header creationtool="Translate Toolkit" creationtoolversion="3.20.4" segtype="sentence" o-tmf="UTF-8" adminlang="en" srclang="en" datatype="PlainText"/>"#))
        #expect(written.contains("<seg>Reply &lt;b&gt;YES&lt;/b&gt; to confirm or NO to reschedule.</seg>"))
        #expect(try Self.read(written).document == document)
    }

    // MARK: - Segments

    @Test func inlineCodesAreCodesAndHighlightIsText() throws {
        let outcome = try Self.read(Self.tmx(#"""
            <tu tuid="t1"><tuv xml:lang="en"><seg>Press <bpt i="1">&lt;b&gt;</bpt>Save<ept i="1">&lt;/b&gt;</ept> now<ph x="2">{0}</ph>.</seg></tuv>
            <tuv xml:lang="es"><seg><it pos="begin">&lt;i&gt;</it>Pulse <hi type="b">Guardar</hi> ya<ut>\n</ut><ph>&lt;img alt="<sub>Logo</sub>"&gt;</ph></seg></tuv></tu>
            """#))
        let unit = try #require(outcome.document.units.first)
        #expect(unit.id == "t1")
        #expect(unit.variant(in: "en")?.segment == [
            .text("Press "), .code("<b>"), .text("Save"), .code("</b>"), .text(" now"), .code("{0}"), .text("."),
        ])
        #expect(unit.variant(in: "es")?.segment == [
            .code("<i>"), .text("Pulse Guardar ya"), .code("\\n"), .code(#"<img alt="Logo">"#),
        ])
        #expect(unit.variant(in: "en")?.text == "Press <b>Save</b> now{0}.")
    }

    @Test func writerWritesCodesAsNumberedPlaceholders() throws {
        let document = TMXDocument(header: .init(sourceLanguage: "en"), units: [
            TMXUnit(id: "a&b", variants: [
                TMXVariant(language: "en", segment: [.code("<b>"), .text("Hi\r\n\t\"you\" & <them>"), .code("</b>")]),
                TMXVariant(language: "es", text: "Hola"),
            ]),
        ])
        let written = try TMXWriter().write(document)
        #expect(written.contains(#"<tu tuid="a&amp;b">"#))
        #expect(written.contains("<seg><ph x=\"1\">&lt;b&gt;</ph>Hi&#xD;\n\t\"you\" &amp; &lt;them&gt;<ph x=\"2\">&lt;/b&gt;</ph></seg>"))
        #expect(try Self.read(written).document == document)
    }

    @Test func everyFieldRoundTrips() throws {
        let header = TMXDocument.Header(
            sourceLanguage: "en-US", creationTool: "Parley", creationToolVersion: "2.0", segmentType: "phrase",
            originalFormat: "parley-json", adminLanguage: "en", dataType: "plaintext", originalEncoding: "UTF-8",
            creationDate: Self.date("2024-01-31T09:30:00Z"), creationID: "ana", changeDate: Self.date("2024-02-01T10:00:05Z"),
            changeID: "ben", properties: [TMXProperty(type: "x-industry", value: "hvac")], notes: ["Line one\nline two"])
        let unit = TMXUnit(
            id: "sms-1", sourceLanguage: "es", creationDate: Self.date("1999-12-31T23:59:59Z"), creationID: "ana",
            changeDate: Self.date("2030-06-15T00:00:00Z"), changeID: "ben",
            properties: [TMXProperty(type: "x-context", value: "answer", language: "en")], notes: ["  padded  "],
            variants: [
                TMXVariant(language: "es", segment: [.text(" Sí ")], properties: [TMXProperty(type: "x-q", value: "1")],
                           notes: ["checked"]),
                TMXVariant(language: "en-US", text: "Yes"),
            ])
        let document = TMXDocument(header: header, units: [unit, TMXUnit(variants: [TMXVariant(language: "EN-us", text: "No")])])
        let written = try TMXWriter().write(document)
        #expect(written.contains(#"creationdate="20240131T093000Z""#))
        #expect(written.contains(#"<tu tuid="sms-1" srclang="es" creationdate="19991231T235959Z" creationid="ana" changedate="20300615T000000Z" changeid="ben">"#))
        let outcome = try Self.read(written)
        #expect(outcome.refused.isEmpty)
        #expect(outcome.document == document)
    }

    @Test func oldLangAttributeAndAllLanguagesAreRead() throws {
        let outcome = try Self.read(Self.tmx(#"""
            <tu><tuv lang="fr"><seg>Oui</seg></tuv><tuv lang="es"><seg>Sí</seg></tuv></tu>
            """#, srclang: "*all*"))
        #expect(outcome.refused.isEmpty)
        #expect(outcome.document.header.sourceLanguage == TMXDocument.allLanguages)
        #expect(outcome.document.units.first?.variants.map(\.language) == ["fr", "es"])
    }

    // MARK: - Refused units

    @Test func unusableUnitsAreRefusedOneByOneWithLineAndReason() throws {
        let outcome = try Self.read(Self.tmx(#"""
            <tu tuid="ok"><tuv xml:lang="en"><seg>Hello</seg></tuv><tuv xml:lang="es"><seg>Hola</seg></tuv></tu>
            <tu tuid="no-source"><tuv xml:lang="es"><seg>Hola</seg></tuv></tu>
            <tu tuid="empty"><tuv xml:lang="en"><seg>Bye</seg></tuv><tuv xml:lang="es"><seg>  </seg></tuv></tu>
            <tu><tuv><seg>Hi</seg></tuv></tu>
            <tu tuid="no-seg"><tuv xml:lang="en"></tuv></tu>
            <tu tuid="bad-date" creationdate="2024-01-31"><tuv xml:lang="en"><seg>Hi</seg></tuv></tu>
            <tu tuid="no-tuv"></tu>
            <tu tuid="own-source" srclang="fr"><tuv xml:lang="en"><seg>Hi</seg></tuv></tu>
            <tu tuid="feb-30" changedate="20230230T000000Z"><tuv xml:lang="en"><seg>Hi</seg></tuv></tu>
            <tu tuid="codes-only"><tuv xml:lang="en"><seg><ph x="1">{0}</ph></seg></tuv></tu>
            """#), file: "mixed.tmx")
        #expect(outcome.document.units.map(\.id) == ["ok", "codes-only"])
        let refused = outcome.refused.map { "\($0.line) \($0.unitID ?? "-"): \($0.reason)" }
        #expect(refused == [
            "7 no-source: the unit has no en segment, the file's source language (srclang in the <header>); add a <tuv xml:lang=\"en\"> or correct srclang",
            "8 empty: the es segment is empty; translate it or remove its <tuv>",
            "9 -: a <tuv> has no xml:lang; add the language of its segment, e.g. xml:lang=\"es\"",
            "10 no-seg: the en <tuv> has no <seg>; add the segment or remove the <tuv>",
            "11 bad-date: creationdate '2024-01-31' is not a TMX date; write it as YYYYMMDDThhmmssZ in UTC, e.g. 20240131T093000Z",
            "12 no-tuv: the unit has no <tuv>; add its segments or remove it",
            "13 own-source: the unit has no fr segment, the unit's source language (its srclang); add a <tuv xml:lang=\"fr\"> or correct srclang",
            "14 feb-30: changedate '20230230T000000Z' is not a TMX date; write it as YYYYMMDDThhmmssZ in UTC, e.g. 20240131T093000Z",
        ])
        #expect(outcome.refused[0].description.hasPrefix("mixed.tmx:7: unit 'no-source': the unit has no en segment"))
    }

    // MARK: - The file as a whole

    @Test func doctypeNamingTheDTDIsAcceptedAndNeverFetched() async throws {
        let server = try FakeHTTPServer { _ in .text(200, #"<!ENTITY e "fetched">"#, contentType: "application/xml-dtd") }
        defer { server.stop() }
        let unit = #"<tu><tuv xml:lang="en"><seg>Hi</seg></tuv></tu>"#
        for doctype in [#"<!DOCTYPE tmx SYSTEM "tmx14.dtd">"#, #"<!DOCTYPE tmx SYSTEM "\#(server.baseURL)/tmx14.dtd">"#] {
            #expect(try Self.read(Self.tmx(unit, prolog: doctype)).document.units.count == 1)
        }
        #expect(throws: TMXError.self) {
            try Self.read(Self.tmx(#"<tu><tuv xml:lang="en"><seg>&e;</seg></tuv></tu>"#,
                                   prolog: #"<!DOCTYPE tmx SYSTEM "\#(server.baseURL)/tmx14.dtd">"#))
        }
        try await Task.sleep(for: .milliseconds(100))
        #expect(server.connectionCount == 0)
    }

    @Test(arguments: [
        #"<!DOCTYPE tmx [<!ENTITY e SYSTEM "file:///etc/passwd">]>"#,
        #"<!DOCTYPE tmx SYSTEM "tmx14.dtd" [<!ENTITY e "x">]>"#,
        #"<!ENTITY e "x">"#,
    ])
    func internalSubsetsAndEntitiesAreRefused(_ prolog: String) {
        #expect {
            try Self.read(Self.tmx(#"<tu><tuv xml:lang="en"><seg>&e;</seg></tuv></tu>"#, prolog: prolog))
        } throws: { error in
            let error = error as? TMXError
            return error?.line == 2 && error?.message.contains("DTDs and entity declarations are not allowed") == true
        }
    }

    @Test func hostileFilesAreRefusedWithWhereAndWhat() {
        let cases: [(Data, String)] = [
            (Data(String(repeating: " ", count: 2_000).utf8), "over 1000 bytes are refused"),
            (Data([0xFF, 0xFE, 0x3C, 0x00]), "not UTF-8"),
            (Data(#"<?xml version="1.0" encoding="ISO-8859-1"?><tmx/>"#.utf8), "names encoding 'ISO-8859-1'"),
            (Data("<?xml version=\"1.0\"?>\n<tmx version=\"1.4\">\n<body><tu>\n</body></tmx>".utf8), "not well-formed XML"),
            (Data("<?xml version=\"1.0\"?>\n<tbx/>".utf8), "not a TMX file"),
            (Data("<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><body/></tmx>".utf8), "no <header>"),
            (Data("<tmx version=\"1.4\">\n<header segtype=\"sentence\"/><body/></tmx>".utf8), "the <header> has no srclang"),
            (Data("<tmx version=\"1.4\">\n<header srclang=\"en\" creationdate=\"yesterday\"/><body/></tmx>".utf8),
             "creationdate 'yesterday' is not a TMX date"),
        ]
        for (data, message) in cases {
            #expect {
                try TMXReader(maximumSize: 1_000).read(data, file: "bad.tmx")
            } throws: { error in
                let error = error as? TMXError
                return error?.file == "bad.tmx" && error?.message.contains(message) == true
                    && (error?.line != nil || message.contains("bytes"))
            }
        }
    }

    @Test func malformedXMLNamesTheLine() {
        #expect {
            try Self.read(Self.tmx("<tu>\n<tuv xml:lang=\"en\"><seg>Hi</tuv>\n</tu>"))
        } throws: { error in
            (error as? TMXError)?.description.hasPrefix("x.tmx:7: not well-formed XML") == true
        }
    }

    @Test func textXMLCannotHoldIsRefusedByTheWriterNamingTheUnit() {
        let document = TMXDocument(header: .init(sourceLanguage: "en"), units: [
            TMXUnit(id: "ok", variants: [TMXVariant(language: "en", text: "fine")]),
            TMXUnit(variants: [TMXVariant(language: "en", text: "bell\u{7}")]),
        ])
        #expect {
            try TMXWriter().write(document)
        } throws: { error in
            (error as? TMXError)?.description == "<tmx>: unit '#2': a segment contains U+0007, which XML cannot hold; remove it from the text"
        }
    }
}
