import Foundation
import Testing

/// The README's library section shows the example program itself, so what a reader copies is code
/// that builds and runs (`scripts/example` runs it against the real APy).
@Suite struct ReadmeExampleTests {
    static let section = "## The translation pipeline (the library)"

    /// The repository's root, from this file's place in it.
    static var root: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// The first fenced code block under `heading` in `markdown`: the lines between its fences,
    /// each ending with a newline; nil when the heading or a closed block is missing, or another
    /// section starts first.
    static func firstCodeBlock(under heading: String, in markdown: String) -> String? {
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false)
        guard let start = lines.firstIndex(where: { $0 == heading }) else { return nil }
        var index = lines.index(after: start)
        while index < lines.endIndex, !lines[index].hasPrefix("```") {
            if lines[index].hasPrefix("## ") { return nil }
            index += 1
        }
        guard index < lines.endIndex else { return nil }
        var block = ""
        index += 1
        while index < lines.endIndex {
            if lines[index] == "```" { return block }
            block += "\(lines[index])\n"
            index += 1
        }
        return nil
    }

    @Test func readmeLibrarySectionIsTheExamplesMainSwift() throws {
        let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
        let example = try String(
            contentsOf: Self.root.appendingPathComponent("Examples/MessagingCore/Sources/MessagingCore/main.swift"), encoding: .utf8)
        let block = try #require(
            Self.firstCodeBlock(under: Self.section, in: readme),
            "README.md has no fenced code block under \"\(Self.section)\"")
        #expect(block == example, "the code block under \"\(Self.section)\" in README.md must be Examples/MessagingCore/Sources/MessagingCore/main.swift exactly; copy the file into it")
    }

    @Test func codeBlockReaderTakesOnlyTheFirstBlockOfTheSection() {
        let markdown = "# T\n\n## A\n\nText.\n\n```swift\nlet a = 1\n\nlet b = 2\n```\n\n```swift\nlet c = 3\n```\n## B\n"
        #expect(Self.firstCodeBlock(under: "## A", in: markdown) == "let a = 1\n\nlet b = 2\n")
        #expect(Self.firstCodeBlock(under: "## B", in: markdown) == nil)
        #expect(Self.firstCodeBlock(under: "## C", in: markdown) == nil)
        #expect(Self.firstCodeBlock(under: "## A", in: "## A\n\n## B\n```swift\nlet x = 1\n```\n") == nil)
        #expect(Self.firstCodeBlock(under: "## A", in: "## A\n```swift\nlet x = 1\n") == nil)
    }
}
