import ArgumentParser
import Foundation
import ParleyTranslation

extension Secret {
    /// A secret from the environment: `NAME`, or the contents of the file named by `NAME_FILE`
    /// (trailing new lines removed), as container secret mounts provide.
    /// - Parameters:
    ///   - name: the variable's name.
    ///   - environment: the environment.
    /// - Throws: `ValidationError` when the file cannot be read or is empty.
    static func fromEnvironment(_ name: String, environment: [String: String]) throws(ValidationError) -> Secret? {
        if let value = environment[name], !value.isEmpty { return Secret(value) }
        guard let path = environment[name + "_FILE"], !path.isEmpty else { return nil }
        guard let contents = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ValidationError("cannot read the secret file named by \(name)_FILE (\(path))")
        }
        let trimmed = contents.trimmingCharacters(in: .newlines)
        guard !trimmed.isEmpty else { throw ValidationError("the secret file named by \(name)_FILE is empty") }
        return Secret(trimmed)
    }
}
