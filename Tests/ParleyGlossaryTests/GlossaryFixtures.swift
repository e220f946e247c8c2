import Foundation
import ParleyGlossary
import ParleyLanguage

enum Fixtures {
    static func tag(_ text: String) -> LanguageTag { LanguageTag(text)! }

    /// A small HVAC glossary covering the cases the matcher must handle.
    static var hvac: Glossary {
        Glossary(industry: "hvac", concepts: [
            Concept(id: "hvac-heat-pump", partOfSpeech: .noun, definition: "Moves heat in or out.", terms: [
                tag("en"): [Term("heat pump"), Term("heat pumps", status: .admitted, variant: true)],
                tag("es"): [Term("bomba de calor"), Term("bombas de calor", status: .admitted, variant: true),
                            Term("bomba del calor", status: .forbidden)],
                tag("zh-Hans"): [Term("热泵")],
            ]),
            Concept(id: "hvac-pump", partOfSpeech: .noun, terms: [
                tag("en"): [Term("pump")],
                tag("es"): [Term("bomba")],
            ]),
            Concept(id: "hvac-air-conditioner", partOfSpeech: .noun, terms: [
                tag("en"): [Term("air conditioner"), Term("AC", status: .admitted, matchCase: true)],
                tag("es"): [Term("aire acondicionado"), Term("aire", status: .admitted)],
                tag("zh-Hans"): [Term("空调")],
            ]),
            Concept(id: "hvac-year-service", partOfSpeech: .noun, terms: [
                tag("en"): [Term("annual service")],
                tag("es"): [Term("servicio del año", matchAccents: true)],
            ]),
            Concept(id: "hvac-not-cooling", partOfSpeech: .verb, terms: [
                tag("en"): [Term("not cooling")],
                tag("es"): [Term("no enfría")],
            ]),
        ])
    }

    static var doNotTranslate: Glossary {
        Glossary(industry: "do-not-translate", concepts: [
            Concept(id: "do-not-translate-otto", partOfSpeech: .properNoun, doNotTranslate: true, terms: [
                tag("en"): [Term("OTTO", matchCase: true)],
            ]),
        ])
    }

    static func data(_ text: String) -> Data { Data(text.utf8) }

    /// A fresh temporary folder, removed by the caller.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("parley-glossary-\(UUID())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
