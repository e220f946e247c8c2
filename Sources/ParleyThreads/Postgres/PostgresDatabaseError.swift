#if PostgreSQL
internal import PostgresNIO

/// A ``PostgresDatabase`` could not connect, migrate, read or write.
///
/// ``message`` says what failed and what to do; ``cause`` keeps the underlying error (usually
/// PostgresNIO's `PSQLError`). Match on ``code``:
///
/// ```swift
/// catch let error as PostgresDatabaseError where error.code == .invalidURL { … }
/// ```
public struct PostgresDatabaseError: Error, CustomStringConvertible {
    /// What kind of failure it was.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Value: String {
            case invalidURL, query, closed
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// The connection URL is not a `postgres://user:password@host:port/database` URL.
        public static var invalidURL: Self { Self(.invalidURL) }
        /// The server refused a statement, or could not be reached; ``PostgresDatabaseError/cause`` tells why.
        public static var query: Self { Self(.query) }
        /// The database was closed.
        public static var closed: Self { Self(.closed) }

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

    /// Classifies an error thrown while doing `operation`, and words the message.
    /// - Parameters:
    ///   - error: what PostgresNIO (or a closure given to it) threw.
    ///   - operation: what was being done, as a verb phrase: `read the translation cache`.
    init(_ error: any Error, operation: String) {
        if let error = error as? PostgresDatabaseError {
            self = error
            return
        }
        guard let error = error as? PSQLError else {
            self.init(code: .query, message: "PostgreSQL: could not \(operation) (\(error)).", cause: error)
            return
        }
        if error.code == .poolClosed || error.code == .clientClosedConnection {
            self.init(
                code: .closed,
                message: "PostgreSQL: could not \(operation): the database was closed; connect again.",
                cause: error
            )
            return
        }
        if let info = error.serverInfo {
            let state = info[.sqlState] ?? "?"
            let text = info[.message] ?? "no message"
            self.init(
                code: .query,
                message: "PostgreSQL: could not \(operation) (SQLSTATE \(state): \(text)).",
                cause: error
            )
            return
        }
        self.init(
            code: .query,
            message: "PostgreSQL: could not \(operation) (\(error.code)). Check that the server is running and "
                + "that the URL's host, port, user and password are right.",
            cause: error
        )
    }

    /// The SQLSTATE of a server error, e.g. `23505` for a broken unique constraint.
    static func sqlState(_ error: any Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.sqlState]
    }
}
#endif
