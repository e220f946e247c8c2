package import Foundation
internal import GRDB

/// The floor a store's writes stand on: one-row transactions in SQLite WAL on a file, through GRDB,
/// one after the other; for `parley bench ingest`.
package enum SQLiteYardstick {
    /// SQLite's `synchronous` setting: FULL syncs the WAL at every commit; NORMAL (GRDB's default
    /// in WAL, so the stores') syncs it at checkpoints, so a commit survives the process's crash but
    /// maybe not the machine's.
    package enum Synchronous: String, Sendable, CaseIterable {
        case full = "FULL"
        case normal = "NORMAL"
    }

    /// Commits `count` one-row transactions on a new file in `directory`, then removes it.
    /// - Parameters:
    ///   - count: how many transactions.
    ///   - synchronous: the `synchronous` setting.
    ///   - directory: where the file goes (the disk measured).
    /// - Returns: how long the transactions took, opening the file aside.
    package static func oneRowTransactions(
        count: Int, synchronous: Synchronous, directory: URL
    ) async throws -> Duration {
        let path = directory.appendingPathComponent("yardstick-\(UUID().uuidString).sqlite").path
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        var configuration = GRDB.Configuration()
        configuration.prepareDatabase { db in
            _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = \(synchronous.rawValue)")
        }
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        defer { try? queue.close() }
        try await queue.write { db in try db.execute(sql: "CREATE TABLE rows (id INTEGER PRIMARY KEY, value TEXT NOT NULL)") }
        return try await queue.writeWithoutTransaction { db in
            let start = ContinuousClock.now
            for index in 0..<count {
                try db.inTransaction {
                    try db.execute(sql: "INSERT INTO rows (value) VALUES (?)", arguments: ["row \(index)"])
                    return .commit
                }
            }
            return ContinuousClock.now - start
        }
    }
}
