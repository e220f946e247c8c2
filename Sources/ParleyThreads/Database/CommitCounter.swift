internal import GRDB
internal import Synchronization

/// Counts the write transactions a ``ParleyDatabase`` commits, through GRDB's transaction observer
/// (SQLite's commit hook); for tests and benchmarks.
package final class CommitCounter: Sendable {
    private let observer = Observer()

    /// Starts counting `database`'s commits; the counter counts for as long as it lives.
    /// - Parameters:
    ///   - database: the database.
    package init(_ database: ParleyDatabase) async throws {
        let observer = self.observer
        try await database.writer.writeWithoutTransaction { db in
            db.add(transactionObserver: observer, extent: .observerLifetime)
        }
    }

    /// The commits counted so far.
    package var commits: Int { observer.commits.withLock { $0 } }

    private final class Observer: TransactionObserver, Sendable {
        let commits = Mutex(0)
        func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool { false }
        func databaseDidChange(with event: DatabaseEvent) {}
        func databaseDidCommit(_ db: Database) { commits.withLock { $0 += 1 } }
        func databaseDidRollback(_ db: Database) {}
    }
}
