import ArgumentParser
import Foundation
import ParleyGlossary

struct GlossaryHistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show who changed an industry's glossary, when and how."
    )

    @Argument(help: "The industry, e.g. hvac.")
    var industry: String

    @OptionGroup var glossaries: GlossaryDirectoryOption

    func run() throws {
        let entries = try glossaries.library.changeLog(for: industry).entries()
        if entries.isEmpty { print("\(industry): no recorded changes") }
        let formatter = ISO8601DateFormatter()
        for entry in entries {
            print("\(formatter.string(from: entry.at))\t\(entry.by)\t\(entry.action)\t\(entry.from.map(\.identifier) ?? "new") → \(entry.to)")
            for change in entry.changes { print("  \(change)") }
        }
    }
}
