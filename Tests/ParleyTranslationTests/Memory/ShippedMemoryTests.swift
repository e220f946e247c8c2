import Foundation
import ParleyGlossary
import ParleyLanguage
import ParleyTranslation
import Testing

/// The starter memories Parley ships in `memories/`: every file reads, every unit has English and
/// Spanish, every wording keeps its sentence's variables and agrees with its industry's glossary
/// (or replies would never use it), and one sentence per unit.
@Suite struct ShippedMemoryTests {
    static let directory = ApertiumIntegrationTests.repository.appendingPathComponent("memories")
    static let industries = [
        "hvac", "plumbing", "electrical", "roofing", "pest-control", "auto-repair", "real-estate", "legal",
        "dental-medical", "insurance",
    ]

    @Test(arguments: industries)
    func starterMemoryIsUsable(industry: String) throws {
        let data = try Data(contentsOf: Self.directory.appendingPathComponent("\(industry).tmx"))
        let outcome = try TMXReader().read(data, file: "\(industry).tmx")
        #expect(outcome.refused.isEmpty, "\(outcome.refused)")
        #expect(outcome.document.units.count >= 25)
        // The pipeline's own rule for approved wording, with the industry's glossary.
        let glossary = try GlossarySet.load(industry: industry, from: PipelineFixture.library)
        // No backend is asked: the check reads the wording only.
        let pipeline = PipelineFixture.pipeline(ScriptedBackend { $0 }, glossary: glossary)
        let en = PipelineFixture.en
        var checked = 0
        for unit in outcome.document.units {
            let english = try #require(unit.variant(in: "en"), "\(unit.id ?? "?") has no English")
            #expect(unit.variant(in: "es") != nil, "\(unit.id ?? "?") has no Spanish")
            #expect(ICU.sentences(in: english.text).count == 1, "\(unit.id ?? "?") is not one sentence")
            for variant in unit.variants where variant.language != "en" {
                let target = try #require(LanguageTag(variant.language))
                let form = MemoryForm(source: english.text, target: variant.text, pair: LanguagePair(en, target), glossary: glossary)
                let entry = MemoryEntry(id: unit.id ?? "", sourceLanguage: en, targetLanguage: target, source: form.source, target: form.target)
                #expect(entry.variablesAgree, "\(unit.id ?? "?") \(variant.language): \(form.source) / \(form.target)")
                let problems = pipeline.glossaryProblems(in: form.target, for: form.source, pair: LanguagePair(en, target))
                #expect(problems.isEmpty, "\(unit.id ?? "?") \(variant.language): \(problems)")
                checked += 1
            }
        }
        #expect(checked >= outcome.document.units.count * 5)
    }
}
