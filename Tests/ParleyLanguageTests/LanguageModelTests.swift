import Foundation
import Testing

@testable import ParleyLanguage

@Suite struct LanguageModelTests {
    @Test func bundledModelHasEveryModelClass() throws {
        let model = try LanguageModel.bundled()
        let needed = Set(SupportedLanguage.all.compactMap(\.modelClass))
        #expect(needed.isSubset(of: Set(model.classes)))
        #expect(model.featureCount > 100_000)
        #expect(model.memoryFootprint < 50 * 1_048_576)
    }

    @Test func truncatedModelIsAClearError() throws {
        let url = try #require(LanguageModel.bundledURL)
        let data = try Data(contentsOf: url)
        #expect {
            try LanguageModel(data: data.prefix(data.count / 2), source: "half.model")
        } throws: { error in
            (error as? LanguageModelError)?.message.contains("half.model is truncated") == true
        }
    }

    @Test func otherFileIsRejected() {
        #expect {
            try LanguageModel(data: Data("lang\ttext\n".utf8), source: "x.tsv")
        } throws: { error in
            (error as? LanguageModelError)?.message.contains("not a Parley language model") == true
        }
    }

    @Test func missingFileNamesThePath() {
        #expect {
            try LanguageModel(contentsOf: URL(fileURLWithPath: "/nonexistent/langid.model"))
        } throws: { error in
            (error as? LanguageModelError)?.message.contains("/nonexistent/langid.model") == true
        }
    }
}
