import Foundation

extension Fixtures {
    /// The files `scripts/exchange-fixtures` makes with translate-toolkit, read from the source tree.
    static let exchangeDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    /// The bytes of a file in ``exchangeDirectory``, e.g. `hvac-terms.tbx`.
    static func exchangeFile(_ name: String) throws -> Data {
        try Data(contentsOf: exchangeDirectory.appendingPathComponent(name))
    }
}
