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

    @Option(help: ArgumentHelp(
        "The languages of a two-column file without a header; for a TBX file, the target is the language of its xx terms (csv2tbx writes them so).",
        valueName: "source-target"))
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
        guard let format = GlossaryImporter.Format(pathExtension: url.pathExtension) else {
            throw ValidationError("\(url.path): unknown format; use a .csv, .tsv, .tbx or .json file")
        }
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ValidationError("cannot read \(url.path): \(error.localizedDescription)")
        }
        return try GlossaryImporter(format: format, pair: pair.map { ($0.source, $0.target) }).apply(data, file: url.path, to: glossary)
    }
}
