internal import GRDB

/// A ``ParleyDatabase`` could not open, read or write its file.
///
/// ``message`` says which file, what failed and what to do; ``cause`` keeps the underlying error
/// (usually GRDB's `DatabaseError`). Match on ``code``:
///
/// ```swift
/// catch let error as ParleyDatabaseError where error.code == .notADatabase { … }
/// ```
public struct ParleyDatabaseError: Error, CustomStringConvertible {
    /// What kind of failure it was.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Value: String {
            case notADatabase, readOnly, cannotOpen, busy, diskFull, closed, other
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// The file is not an SQLite database, or is damaged.
        public static var notADatabase: Self { Self(.notADatabase) }
        /// The file, its directory, or its `-wal` and `-shm` companions cannot be written.
        public static var readOnly: Self { Self(.readOnly) }
        /// The file cannot be opened or created: a missing directory, a directory in its place, or
        /// no permission.
        public static var cannotOpen: Self { Self(.cannotOpen) }
        /// Another connection held the lock for longer than the busy timeout.
        public static var busy: Self { Self(.busy) }
        /// The disk is full.
        public static var diskFull: Self { Self(.diskFull) }
        /// The database was closed.
        public static var closed: Self { Self(.closed) }
        /// Anything else; ``ParleyDatabaseError/cause`` tells more.
        public static var other: Self { Self(.other) }

        public var description: String { value.rawValue }
    }

    /// What kind of failure it was.
    public var code: Code
    /// Which file, what failed and what to do, in one or two sentences.
    public var message: String
    /// The database file; nil for an in-memory database.
    public var path: String?
    /// The underlying error, if there is one.
    public var cause: (any Error)?

    /// - Parameters:
    ///   - code: what kind of failure it was.
    ///   - message: which file, what failed and what to do.
    ///   - path: the database file; nil in memory.
    ///   - cause: the underlying error.
    public init(code: Code, message: String, path: String?, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.path = path
        self.cause = cause
    }

    public var description: String { message }

    /// Classifies an error thrown while doing `operation`, and words the message.
    /// - Parameters:
    ///   - error: what GRDB (or a closure given to it) threw.
    ///   - operation: what was being done, as a verb phrase: `open the file`, `read the translation cache`.
    ///   - path: the database file; nil in memory.
    init(_ error: any Error, operation: String, path: String?) {
        if let error = error as? ParleyDatabaseError {
            self = error
            return
        }
        let file = path.map { "Parley database at \($0)" } ?? "In-memory Parley database"
        let location = path ?? "the database"
        guard let error = error as? DatabaseError else {
            self.init(code: .other, message: "\(file): could not \(operation) (\(error)).", path: path, cause: error)
            return
        }
        let sqlite = "SQLite error \(error.extendedResultCode.rawValue): \(error.message ?? "no message")"
        let (code, advice): (Code, String) =
            switch error.resultCode {
            case .SQLITE_NOTADB, .SQLITE_CORRUPT:
                (
                    .notADatabase,
                    "The file is not an SQLite database or is damaged. Check that the path names the Parley "
                        + "database; if it does, move the file aside (with any -wal and -shm files beside it) "
                        + "and start again with a new file, which Parley creates on open."
                )
            case .SQLITE_READONLY, .SQLITE_PERM:
                (
                    .readOnly,
                    "Give this process write access to \(location) and to its directory: SQLite writes "
                        + "-wal and -shm files beside it."
                )
            case .SQLITE_CANTOPEN:
                (
                    .cannotOpen,
                    "Check that the directory exists, that the path is not a directory, and that this "
                        + "process may read and write there."
                )
            case .SQLITE_BUSY, .SQLITE_LOCKED:
                (
                    .busy,
                    "Another connection held the lock past the busy timeout; retry, or find the process "
                        + "that keeps \(location) locked."
                )
            case .SQLITE_FULL:
                (.diskFull, "The disk is full; free some space.")
            case .SQLITE_MISUSE where error.message?.contains("closed") == true:
                (.closed, "The database was closed; open it again.")
            default:
                (.other, "")
            }
        let message = "\(file): could not \(operation) (\(sqlite))." + (advice.isEmpty ? "" : " " + advice)
        self.init(code: code, message: message, path: path, cause: error)
    }
}
