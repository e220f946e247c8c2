/// A ``ThreadStore`` operation failed.
///
/// ``message`` says what failed and what to do; ``cause`` keeps the underlying error (a
/// ``ParleyDatabaseError`` for ``Code/database``). Match on ``code``:
///
/// ```swift
/// catch let error where error.code == .notFound { … }
/// ```
public struct ThreadStoreError: Error, CustomStringConvertible {
    /// What kind of failure it was.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Value: String {
            case notFound, conflict, invalidInput, database
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// A rep, number, contact, conversation, message, template, lead or job does not exist.
        public static var notFound: Self { Self(.notFound) }
        /// The write would break a uniqueness rule: a second rep with an email, a second contact
        /// with a phone number; or a worker reports on a job it no longer holds.
        public static var conflict: Self { Self(.conflict) }
        /// A value is empty, malformed or out of range.
        public static var invalidInput: Self { Self(.invalidInput) }
        /// The database could not be read or written; ``ThreadStoreError/cause`` tells why.
        public static var database: Self { Self(.database) }

        public var description: String { value.rawValue }
    }

    /// What kind of failure it was.
    public var code: Code
    /// What failed and what to do, in one or two sentences.
    public var message: String
    /// The underlying error, if there is one.
    public var cause: (any Error)?

    /// - Parameters:
    ///   - code: what kind of failure it was.
    ///   - message: what failed and what to do.
    ///   - cause: the underlying error.
    public init(code: Code, message: String, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    public var description: String { message }

    static func notFound(_ message: String) -> Self { Self(code: .notFound, message: message) }
    static func conflict(_ message: String) -> Self { Self(code: .conflict, message: message) }
    static func invalidInput(_ message: String) -> Self { Self(code: .invalidInput, message: message) }
}
