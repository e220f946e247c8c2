import ArgumentParser
import Foundation
import ParleyGlossary
import ParleyLanguage

struct GlossaryExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write an industry's glossary as CSV, TSV or TBX.",
        discussion: """
            --pair en-es writes two-column source/target pairs with no header (DeepL glossary \
            entries, Google unidirectional glossaries); without it, CSV/TSV are equivalent term sets \
            with a header row of language codes (Google). Cells a spreadsheet would run as formulas \
            are prefixed with '.
            """
    )

    enum ExportFormat: String, ExpressibleByArgument, CaseIterable {
        case csv, tsv, tbx
    }

    @Argument(help: "The industry, e.g. hvac.")
    var industry: String

    @Option(help: "The output format.")
    var format: ExportFormat = .tbx

    @Option(help: ArgumentHelp("Export one direction as source/target pairs.", valueName: "source-target"))
    var pair: LanguagePair?

    @Option(help: ArgumentHelp("Languages of an equivalent-sets table, comma-separated (default: all).", valueName: "tags"))
    var languages: String?

    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.")
    var output: String?

    @OptionGroup var glossaries: GlossaryDirectoryOption

    func run() throws {
        let glossary: Glossary
        do { glossary = try glossaries.library.load(industry) } catch { throw GlossaryFailure(error: error) }
        let tags = try languages.map { try DetectCommand.tags($0, option: "--languages") }
        let exporter = GlossaryExporter(
            format: GlossaryExporter.Format(rawValue: format.rawValue) ?? .tbx, pair: pair.map { ($0.source, $0.target) },
            languages: tags)
        let text = exporter.write(glossary)
        if let output {
            try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
        } else {
            print(text, terminator: "")
        }
    }
}
