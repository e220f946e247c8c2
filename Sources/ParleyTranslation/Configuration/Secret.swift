/// A key or token: usable by backends, never printed. Its description and debug description are
/// `<redacted>`, so it cannot leak into logs or error messages by interpolation.
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The secret itself; read it only to put it on the wire.
    public let value: String

    /// - Parameter value: the secret.
    public init(_ value: String) {
        self.value = value
    }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
}
