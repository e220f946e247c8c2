internal import Foundation

/// A key or token: usable by backends, never printed. Its description and debug description are
/// `<redacted>`, so it cannot leak into logs or error messages by interpolation.
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The secret itself; read it only to put it on the wire.
    public let value: String

    public init(_ value: String) {
        self.value = value
    }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }

    /// A secret from the environment: `NAME`, or the contents of the file named by `NAME_FILE`
    /// (trailing new lines removed), as container secret mounts provide.
    /// - Throws: `TranslationError(.notConfigured)` when the file cannot be read or is empty.
    public static func fromEnvironment(_ name: String, environment: [String: String]) throws(TranslationError) -> Secret? {
        if let value = environment[name], !value.isEmpty { return Secret(value) }
        guard let path = environment[name + "_FILE"], !path.isEmpty else { return nil }
        guard let contents = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw TranslationError(.notConfigured, backend: "configuration",
                                   message: "cannot read the secret file named by \(name)_FILE (\(path))")
        }
        let trimmed = contents.trimmingCharacters(in: .newlines)
        guard !trimmed.isEmpty else {
            throw TranslationError(.notConfigured, backend: "configuration", message: "the secret file named by \(name)_FILE is empty")
        }
        return Secret(trimmed)
    }
}
