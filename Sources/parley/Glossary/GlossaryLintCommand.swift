import ArgumentParser
import Foundation
import ParleyGlossary

struct GlossaryLintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check glossary files and report every problem as file:line.",
        discussion: """
            Takes TBX, CSV and TSV files, or folders (their .tbx files). Exits 0 when every file is \
            clean, 1 otherwise. Refuses DTDs, entity declarations and oversize files.
            """
    )

    @Argument(help: "Files or folders to check.")
    var paths: [String] = ["glossaries"]

    @Option(help: ArgumentHelp("The languages of two-column CSV/TSV files without a header.", valueName: "source-target"))
    var pair: LanguagePair?

    func run() throws {
        var failures = 0
        var checked = 0
        for file in try files() {
            checked += 1
            do {
                let summary = try check(file)
                print("ok\t\(file)\t\(summary)")
            } catch {
                failures += 1
                for issue in error.issues { FileHandle.standardError.write(Data("\(issue)\n".utf8)) }
            }
        }
        guard checked > 0 else { throw ValidationError("no glossary files found in \(paths.joined(separator: ", "))") }
        if failures > 0 {
            FileHandle.standardError.write(Data("\(failures) of \(checked) files have problems\n".utf8))
            throw ExitCode(1)
        }
    }

    private func files() throws -> [String] {
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw ValidationError("\(path): no such file or folder")
            }
            if isDirectory.boolValue {
                let names = try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.hasSuffix(".tbx") }.sorted()
                files += names.map { (path as NSString).appendingPathComponent($0) }
            } else {
                files.append(path)
            }
        }
        return files
    }

    private func check(_ file: String) throws(GlossaryError) -> String {
        let url = URL(fileURLWithPath: file)
        switch url.pathExtension.lowercased() {
        case "csv", "tsv":
            let format: GlossaryTable.Format = url.pathExtension.lowercased() == "csv" ? .csv : .tsv
            let text: String
            do { text = try String(contentsOf: url, encoding: .utf8) } catch {
                throw GlossaryError([GlossaryIssue(file: file, message: "cannot read the file as UTF-8: \(error.localizedDescription)")])
            }
            let table = try GlossaryTable.read(text, file: file, format: format, pair: pair.map { ($0.source, $0.target) })
            let issues = table.issues(file: file)
            if !issues.isEmpty { throw GlossaryError(issues) }
            return "\(table.rows.count) rows"
        default:
            let glossary = try GlossaryLibrary.readValidated(url)
            return "\(glossary.industry): \(glossary.concepts.count) concepts, \(glossary.languages.count) languages, \(glossary.version)"
        }
    }
}
