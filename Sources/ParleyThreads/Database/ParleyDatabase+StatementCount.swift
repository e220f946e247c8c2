internal import Foundation
internal import GRDB
internal import Synchronization

/// The SQL a database's connections ran, counted as it runs (SQLite's own statement trace): for
/// the tests and benchmarks that check how many store reads a request makes.
package final class StatementCount: Sendable {
    private let counts = Mutex<(readTransactions: Int, readStatements: Int, writeTransactions: Int)>((0, 0, 0))

    package init() {}

    /// Read transactions begun on a reader connection: one per store read.
    package var readTransactions: Int { counts.withLock { $0.readTransactions } }
    /// Statements other than `BEGIN`, `COMMIT` and `ROLLBACK` run on a reader connection.
    package var readStatements: Int { counts.withLock { $0.readStatements } }
    /// Transactions begun on the writer connection: one per store write.
    package var writeTransactions: Int { counts.withLock { $0.writeTransactions } }

    /// Starts again from zero.
    package func reset() { counts.withLock { $0 = (0, 0, 0) } }

    fileprivate func record(_ sql: String, onReader: Bool) {
        let begins = sql.hasPrefix("BEGIN")
        let control = begins || sql.hasPrefix("COMMIT") || sql.hasPrefix("ROLLBACK")
        counts.withLock { counts in
            switch (onReader, begins) {
            case (true, true): counts.readTransactions += 1
            case (true, false): if !control { counts.readStatements += 1 }
            case (false, true): counts.writeTransactions += 1
            case (false, false): break
            }
        }
    }
}

extension ParleyDatabase {
    /// Counts every statement the writer connection and the reader connections run from now on,
    /// into `count`. Every reader must already be open to be traced, so open the database with
    /// `Configuration(maximumReaderCount: 1)`: its one reader is opened and traced here.
    /// - Parameters:
    ///   - count: where the statements are counted.
    package func traceStatements(into count: StatementCount) async throws {
        try await writer.write { db in db.trace { event in count.record(Self.sql(event), onReader: false) } }
        try await writer.read { db in db.trace { event in count.record(Self.sql(event), onReader: true) } }
    }

    private static func sql(_ event: Database.TraceEvent) -> String {
        guard case .statement(let statement) = event else { return "" }
        return statement.sql.trimmingCharacters(in: .whitespaces).uppercased()
    }
}
