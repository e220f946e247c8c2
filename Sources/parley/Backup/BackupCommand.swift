import ArgumentParser
import Foundation
import ParleyThreads

/// `parley backup FILE`: a consistent copy of the embedded SQLite database while the service runs.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the SQLite conversation database to a new file while parley serve goes on using it.",
        discussion: """
            Uses SQLite's online backup from one read snapshot, so the copy holds every message the \
            service acknowledged before the backup began, checks it with PRAGMA integrity_check, and \
            only then gives it its name. To restore, stop parley serve and put the copy in place of the \
            database file (remove its -wal and -shm files first). A PostgreSQL deployment is backed up \
            with PostgreSQL's own tools (pg_dump, or base backups with WAL archiving).
            """
    )

    @Argument(help: ArgumentHelp("The new file; it must not exist yet.", valueName: "file"))
    var file: String

    @Option(help: ArgumentHelp("The database to copy (default parley.sqlite; PARLEY_DATABASE).", valueName: "path"))
    var database: String?

    func run() async throws {
        let source = database ?? ProcessInfo.processInfo.environment["PARLEY_DATABASE"].flatMap { $0.isEmpty ? nil : $0 } ?? "parley.sqlite"
        if source.hasPrefix("postgres://") || source.hasPrefix("postgresql://") {
            throw ValidationError("parley backup copies the SQLite database; back up PostgreSQL with pg_dump or its base backups.")
        }
        guard FileManager.default.fileExists(atPath: source) else {
            throw ValidationError("\(source) does not exist; give the database parley serve uses with --database.")
        }
        let opened: ParleyDatabase
        do {
            opened = try ParleyDatabase(path: source)
        } catch {
            throw ValidationError("\(error)")
        }
        defer { try? opened.close() }
        let backup: DatabaseBackup
        do {
            backup = try await opened.backup(to: file)
        } catch {
            throw ValidationError("\(error)")
        }
        print("backed up \(source) to \(backup.path): \(backup.messages) messages, \(backup.bytes) bytes, integrity ok")
    }
}
