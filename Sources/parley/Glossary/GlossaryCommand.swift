import ArgumentParser
import Foundation
import ParleyGlossary
import ParleyLanguage

struct GlossaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "glossary",
        abstract: "Check, import, export and match the industry glossaries.",
        discussion: """
            Glossaries live in a folder (default: ./glossaries, or $PARLEY_GLOSSARIES): one TBX file \
            per industry (hvac.tbx), the do-not-translate list (do-not-translate.tbx), and each \
            glossary's change log (hvac.changes.jsonl).
            """,
        subcommands: [
            GlossaryLintCommand.self, GlossaryImportCommand.self, GlossaryExportCommand.self,
            GlossaryMatchCommand.self, GlossaryHistoryCommand.self,
        ]
    )
}

/// The `--dir` option every glossary subcommand shares.
struct GlossaryDirectoryOption: ParsableArguments {
    @Option(name: .customLong("dir"), help: ArgumentHelp("The glossaries folder.", valueName: "folder"))
    var directory: String = ProcessInfo.processInfo.environment["PARLEY_GLOSSARIES"] ?? "glossaries"

    var library: GlossaryLibrary { GlossaryLibrary(directory: URL(fileURLWithPath: directory)) }
}

/// A glossary error as the CLI reports it: every issue on its own line, exit code 1.
struct GlossaryFailure: Error, CustomStringConvertible {
    let error: GlossaryError
    var description: String { error.description }
}

/// `--pair en-es` parsed into two language tags.
struct LanguagePair: ExpressibleByArgument {
    let source: LanguageTag
    let target: LanguageTag

    init?(argument: String) {
        // Tags contain hyphens themselves (zh-Hans-es): split where both halves are tags.
        let parts = argument.split(separator: "-").map(String.init)
        for cut in 1..<max(1, parts.count) {
            if let source = LanguageTag(parts[..<cut].joined(separator: "-")),
               let target = LanguageTag(parts[cut...].joined(separator: "-")) {
                self.source = SupportedLanguage.matching(source)?.tag ?? source
                self.target = SupportedLanguage.matching(target)?.tag ?? target
                return
            }
        }
        return nil
    }
}
