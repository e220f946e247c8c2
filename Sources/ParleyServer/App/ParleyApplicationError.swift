/// ``buildApplication(configuration:logger:)`` could not build the service from its configuration.
///
/// ``message`` says what is wrong and what to do; ``code`` names the part of the
/// ``ParleyConfiguration`` at fault, so a program can point at its own setting:
///
/// ```swift
/// catch { if error.code == .database { … } }
/// ```
public struct ParleyApplicationError: Error, CustomStringConvertible {
    /// The part of the configuration at fault.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Value: String {
            case database, cache, backend, glossaries, detector, memories, demo
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// The database cannot be opened or reached (``ParleyConfiguration/database``).
        public static var database: Self { Self(.database) }
        /// The translation cache's own file cannot be opened (``ParleyConfiguration/cache``).
        public static var cache: Self { Self(.cache) }
        /// A backend lacks what it needs, such as its key (``ParleyConfiguration/backend``).
        public static var backend: Self { Self(.backend) }
        /// The glossaries cannot be loaded, or contradict each other (``ParleyConfiguration/glossaries``).
        public static var glossaries: Self { Self(.glossaries) }
        /// The bundled language detector cannot load.
        public static var detector: Self { Self(.detector) }
        /// The starter translation memory cannot be read or imported (``ParleyConfiguration/memories``).
        public static var memories: Self { Self(.memories) }
        /// The demo data cannot be seeded (``ParleyConfiguration/seedsDemo``).
        public static var demo: Self { Self(.demo) }

        public var description: String { value.rawValue }
    }

    /// The part of the configuration at fault.
    public var code: Code
    /// What is wrong and what to do, in one or two sentences.
    public var message: String
    /// The underlying error, if there is one.
    public var cause: (any Error)?

    /// - Parameters:
    ///   - code: the part of the configuration at fault.
    ///   - message: what is wrong and what to do.
    ///   - cause: the underlying error.
    public init(code: Code, message: String, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    public var description: String { message }
}
