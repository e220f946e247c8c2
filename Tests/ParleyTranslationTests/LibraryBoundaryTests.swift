import Foundation
import Testing

/// The library reads no environment: its configuration comes as values, and mapping `PARLEY_*`
/// variables onto them is the command line's business (`Sources/parley/Configuration`).
@Suite struct LibraryBoundaryTests {
    static var sources: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/ParleyTranslation")
    }

    @Test func noEnvironmentVariableNameInTheTranslationLibrary() throws {
        let files = try #require(FileManager.default.enumerator(at: Self.sources, includingPropertiesForKeys: nil))
        var checked = 0
        for case let file as URL in files where ["swift", "md"].contains(file.pathExtension) {
            let text = try String(contentsOf: file, encoding: .utf8)
            #expect(!text.contains("PARLEY_"), "\(file.lastPathComponent) names a PARLEY_ variable")
            #expect(!text.contains("ProcessInfo.processInfo.environment"), "\(file.lastPathComponent) reads the environment")
            checked += 1
        }
        #expect(checked > 50)
    }
}
