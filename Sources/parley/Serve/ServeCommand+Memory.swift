import ArgumentParser
import Foundation
import Logging
import ParleyMessaging

extension ServeCommand {
    /// Brings in the industry's starter translation memory (`<folder>/<industry>.tmx`) when its
    /// memory has no entries yet; nothing without an industry or a file.
    static func importStarterMemory(_ messaging: Messaging, from folder: String, logger: Logger) async throws {
        guard let industry = messaging.configuration.industry else { return }
        let file = URL(fileURLWithPath: folder).appendingPathComponent("\(industry).tmx")
        guard FileManager.default.fileExists(atPath: file.path) else {
            logger.info("no starter translation memory", metadata: ["file": "\(file.path)"])
            return
        }
        let data: Data
        do {
            data = try Data(contentsOf: file)
        } catch {
            throw ValidationError("--memories: \(file.path) cannot be read: \(error.localizedDescription)")
        }
        do {
            guard let report = try await messaging.importStarterMemory(data, name: file.lastPathComponent) else { return }
            note("parley: starter translation memory \(file.lastPathComponent): \(report.added) entries"
                + (report.toReview == 0 ? "" : " (\(report.toReview) disagree with the glossary and wait for review)")
                + (report.refused.isEmpty ? "" : ", \(report.refused.count) refused (first: \(report.refused[0].unit): \(report.refused[0].reason))"))
        } catch {
            throw ValidationError("--memories: \(file.path): \(error.message)")
        }
    }
}
