internal import GRDB

extension FetchableRecord {
    /// The first row of `sql` as a record, through the connection's statement cache.
    ///
    /// For the lookups every inbound webhook makes inside its write transaction: a query-interface
    /// request is compiled again at each call, and compiling (with GRDB's authorizer) was a fifth
    /// of the time the store spent on a message.
    static func fetchOne(_ db: Database, cached sql: String, arguments: StatementArguments) throws -> Self? {
        try fetchOne(db.cachedStatement(sql: sql), arguments: arguments)
    }
}
