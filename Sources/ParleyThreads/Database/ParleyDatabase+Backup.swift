internal import Foundation
internal import GRDB

/// What ``ParleyDatabase/backup(to:)`` wrote.
public struct DatabaseBackup: Sendable, Hashable {
    /// The copy's file.
    public var path: String
    /// Its size in bytes.
    public var bytes: Int64
    /// How many messages it holds.
    public var messages: Int
}

extension ParleyDatabase {
    /// Copies the database into a new file while the service goes on using it: SQLite's online
    /// backup, from one read snapshot, so the copy is consistent and holds every transaction that
    /// committed before it started. The copy is written beside its destination under another name,
    /// checked with `PRAGMA integrity_check`, and only then renamed to `destination`: a failed or
    /// interrupted backup never leaves a half-written file under that name.
    ///
    /// - Parameters:
    ///   - destination: the new file; it must not exist yet, and its folder must.
    /// - Throws: a ``ParleyDatabaseError`` saying what went wrong: an in-memory database, a
    ///   destination that exists or is the database itself, a copy that fails its check.
    public func backup(to destination: String) async throws -> DatabaseBackup {
        guard let path else {
            throw ParleyDatabaseError(code: .other, message: "An in-memory database has no file to back up.", path: nil)
        }
        let target = URL(fileURLWithPath: destination).standardizedFileURL
        guard target.path != URL(fileURLWithPath: path).standardizedFileURL.path else {
            throw ParleyDatabaseError(code: .other, message: "The backup would overwrite the database itself (\(path)); give another file.", path: path)
        }
        guard !FileManager.default.fileExists(atPath: target.path) else {
            throw ParleyDatabaseError(
                code: .other, message: "\(target.path) already exists; give a new file, so no earlier backup is overwritten.", path: path)
        }
        let partial = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).partial-\(UUID().uuidString)")
        let removePartial = {
            for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: partial.path + suffix) }
        }
        do {
            let copy = try DatabaseQueue(path: partial.path)
            // The read runs on GRDB's own queue, in a snapshot: the copy is what was committed when it began.
            try await writer.read { source in
                try copy.writeWithoutTransaction { destination in try source.backup(to: destination) }
            }
            let (check, messages) = try await copy.read { db in
                (try String.fetchAll(db, sql: "PRAGMA integrity_check"), try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM messages") ?? 0)
            }
            // One file, readable without its write-ahead log.
            try await copy.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
            try copy.close()
            guard check == ["ok"] else {
                removePartial()
                throw ParleyDatabaseError(
                    code: .notADatabase,
                    message: "The copy of \(path) failed its integrity check (\(check.prefix(3).joined(separator: "; "))); nothing was written to \(target.path).",
                    path: path)
            }
            try FileManager.default.moveItem(at: partial, to: target)
            removePartial()
            let bytes = ((try? FileManager.default.attributesOfItem(atPath: target.path))?[.size] as? NSNumber)?.int64Value ?? 0
            return DatabaseBackup(path: target.path, bytes: bytes, messages: messages)
        } catch let error as ParleyDatabaseError {
            removePartial()
            throw error
        } catch {
            removePartial()
            throw ParleyDatabaseError(error, operation: "back up the database to \(target.path)", path: path)
        }
    }
}
