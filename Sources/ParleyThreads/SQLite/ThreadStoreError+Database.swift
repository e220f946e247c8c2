internal import GRDB

extension ThreadStoreError {
    /// Classifies an error thrown while doing `operation` on a database: a store error stays as it
    /// is, a broken uniqueness rule is a conflict, and anything else is a database failure whose
    /// cause is a ``ParleyDatabaseError`` that says what to do.
    /// - Parameters:
    ///   - error: what GRDB (or a closure given to it) threw.
    ///   - operation: what was being done, as a verb phrase: `append a message`.
    ///   - path: the database file; nil in memory.
    init(_ error: any Error, operation: String, path: String?) {
        if let error = error as? ThreadStoreError {
            self = error
            return
        }
        if error is CancellationError {
            self.init(code: .database, message: "Cancelled before the store could \(operation).", cause: error)
            return
        }
        if let error = error as? DatabaseError {
            switch error.extendedResultCode {
            case .SQLITE_CONSTRAINT_UNIQUE, .SQLITE_CONSTRAINT_PRIMARYKEY:
                self.init(
                    code: .conflict,
                    message: "Could not \(operation): a row with the same unique value already exists "
                        + "(\(error.message ?? "unique constraint")). Look up the existing one instead.",
                    cause: error
                )
                return
            case .SQLITE_CONSTRAINT_FOREIGNKEY:
                self.init(
                    code: .notFound,
                    message: "Could not \(operation): it refers to a row that does not exist.",
                    cause: error
                )
                return
            default:
                break
            }
        }
        let database = ParleyDatabaseError(error, operation: operation, path: path)
        self.init(code: .database, message: database.message, cause: database)
    }
}
