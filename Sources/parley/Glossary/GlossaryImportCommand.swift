import ArgumentParser
import Foundation
import ParleyGlossary
import ParleyLanguage

struct GlossaryImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Merge a CSV, TSV, TBX or JSON file into an industry's glossary.",
        discussion: """
            CSV/TSV: equivalent term sets (a header row of language codes, optional pos and \
            description columns) or, with --pair, two-column source/target pairs. TBX and JSON: \
            concepts replace those with the same id, new ones are added. The result is validated \
            before it is saved; the change is recorded in the glossary's change log.
            """
    )

    @Argument(help: "The file to import.")
    var file: String

    @Option(help: "The industry whose glossary receives the terms.")
    var industry: String

    @Option(help: ArgumentHelp("The languages of a two-column file without a header.", valueName: "source-target"))
    var pair: LanguagePair?

    @Option(help: "Who is importing, for the change log.")
    var by: String = ProcessInfo.processInfo.environment["USER"] ?? "cli"

    @OptionGroup var glossaries: GlossaryDirectoryOption

    func run() throws {
        let library = glossaries.library
        let url = URL(fileURLWithPath: file)
        do {
            let current = try library.loadOrEmpty(industry)
            let updated = try merge(url, into: current)
            if let entry = try library.save(updated, by: by, action: "import \(url.lastPathComponent)") {
                print("\(industry): \(entry.changes.count) changes, version \(entry.from.map(\.identifier) ?? "new") → \(entry.to)")
                for change in entry.changes.prefix(50) { print("  \(change)") }
                if entry.changes.count > 50 { print("  … \(entry.changes.count - 50) more in \(library.changeLog(for: industry).url.path)") }
            } else {
                print("\(industry): no changes, version \(current.version)")
            }
        } catch let error as GlossaryError {
            throw GlossaryFailure(error: error)
        }
    }

    private func merge(_ url: URL, into glossary: Glossary) throws -> Glossary {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ValidationError("cannot read \(url.path): \(error.localizedDescription)")
        }
        switch url.pathExtension.lowercased() {
        case "csv", "tsv":
            let format: GlossaryTable.Format = url.pathExtension.lowercased() == "csv" ? .csv : .tsv
            guard let text = String(data: data, encoding: .utf8) else {
                throw ValidationError("\(url.path) is not UTF-8 text; save it as UTF-8 (CSV UTF-8 in spreadsheets) and import again")
            }
            let table = try GlossaryTable.read(text, file: url.path, format: format, pair: pair.map { ($0.source, $0.target) })
            return table.merged(into: glossary)
        case "tbx":
            let document = try TBXReader().read(data, file: url.path, industry: industry)
            let issues = GlossaryValidator().issues(in: document.glossary, file: url.path, document: document)
            if !issues.isEmpty { throw GlossaryError(issues) }
            return replacingConcepts(of: glossary, with: document.glossary.concepts)
        case "json":
            let incoming: Glossary
            do { incoming = try JSONDecoder().decode(Glossary.self, from: data) } catch {
                throw ValidationError("\(url.path): not a Parley glossary JSON file: \(error)")
            }
            return replacingConcepts(of: glossary, with: incoming.concepts)
        default:
            throw ValidationError("\(url.path): unknown format; use a .csv, .tsv, .tbx or .json file")
        }
    }

    private func replacingConcepts(of glossary: Glossary, with concepts: [Concept]) -> Glossary {
        var result = glossary
        for concept in concepts {
            if let index = result.concepts.firstIndex(where: { $0.id == concept.id }) {
                result.concepts[index] = concept
            } else {
                result.concepts.append(concept)
            }
        }
        return result
    }
}
