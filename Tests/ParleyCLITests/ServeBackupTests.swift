import Foundation
import ParleyHTTP
import ParleyThreads
import ParleyThreadsTesting
import ParleyTranslation
import Synchronization
import Testing

/// `parley backup` while `parley serve` takes a burst of inbound webhooks on the same SQLite file:
/// the copy opens, passes `PRAGMA integrity_check`, and holds every message the server had
/// acknowledged before the backup started.
@Suite(.serialized) struct ServeBackupTests {
    static let startBackupAfter = 60

    @Test func aBackupDuringABurstHoldsEveryMessageAcknowledgedBeforeIt() async throws {
        let apertium = try TranslateCommandTests.apertiumURL()
        try await withTestDatabase(.sqlite) { database in
            let seeding = try await database.threadStore()
            let rep = try await seeding.createRep(name: "Dana", email: "dana@example.com", role: .rep)
            _ = try await seeding.assignNumber(try PhoneNumber(parsing: ServeCrashTests.businessNumber), to: rep.id)
            if let seeding = seeding as? SQLiteThreadStore { try seeding.database.close() }

            let client = ParleyHTTPClient(configuration: .init(connectTimeout: .seconds(2), timeout: .seconds(30)))
            let server = try ServerProcess(database: database.serveArgument, apertium: apertium)
            defer { server.stop() }
            try await server.waitUntilHealthy(client: client)

            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parley-backup-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let copy = folder.appendingPathComponent("copy.sqlite").path

            // The burst, a few at a time; once enough are acknowledged, the backup starts (in its own
            // process, as an operator runs it) and the burst goes on meanwhile.
            let acknowledged = Mutex<Set<String>>([])
            var beforeBackup: Set<String> = []
            var backup: Task<ParleyProcess.Output, any Error>?
            let port = server.port
            await withTaskGroup(of: (String, Bool).self) { group in
                var pending = ServeCrashTests.webhooks[...]
                for _ in 0..<ServeCrashTests.inFlight {
                    guard let next = pending.popFirst() else { break }
                    group.addTask { await ServeCrashTests.post(next, port: port, client: client) }
                }
                while let (sid, ok) = await group.next() {
                    if ok {
                        let count = acknowledged.withLock { set in
                            set.insert(sid)
                            return set.count
                        }
                        if backup == nil, count >= Self.startBackupAfter {
                            beforeBackup = acknowledged.withLock { $0 }
                            let arguments = ["backup", copy, "--database", database.serveArgument]
                            backup = Task.detached { try ParleyProcess.run(arguments) }
                        }
                    }
                    if let next = pending.popFirst() {
                        group.addTask { await ServeCrashTests.post(next, port: port, client: client) }
                    }
                }
            }
            let output = try #require(try await backup?.value, "the backup never started")
            #expect(output.status == 0, "\(output.stderr)")
            #expect(output.stdout.contains("integrity ok"), "\(output.stdout)")
            #expect(beforeBackup.count >= Self.startBackupAfter)
            #expect(acknowledged.withLock { $0.count } == ServeCrashTests.burst, "\(server.log)")

            // The copy, opened as a restored database would be.
            let restored = try ParleyDatabase(path: copy)
            defer { try? restored.close() }
            let store = SQLiteThreadStore(database: restored)
            let stored = try await ServeCrashTests.storedMessages(store)
            for sid in beforeBackup {
                let webhook = try #require(ServeCrashTests.webhooks.first { $0.sid == sid })
                #expect(stored[sid]?.map(\.original) == [webhook.text], "acknowledged before the backup, missing from it: \(sid)")
            }
            #expect(stored.values.allSatisfy { $0.count == 1 })
            // No half-written file is left beside the copy.
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains("partial") }.isEmpty)

            // A second backup to the same file is refused, and the first is left as it was.
            let again = try ParleyProcess.run(["backup", copy, "--database", database.serveArgument])
            #expect(again.status != 0)
            #expect(again.stderr.contains("already exists"), "\(again.stderr)")
        }
    }

    @Test func aBackupOfPostgresOrOfNoFileIsRefusedWithWhatToDo() throws {
        let postgres = try ParleyProcess.run(["backup", "/tmp/never.sqlite", "--database", "postgres://parley@127.0.0.1/parley"])
        #expect(postgres.status != 0)
        #expect(postgres.stderr.contains("pg_dump"), "\(postgres.stderr)")
        let missing = try ParleyProcess.run(["backup", "/tmp/never.sqlite", "--database", "/tmp/no-such-\(UUID().uuidString).sqlite"])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("does not exist"), "\(missing.stderr)")
    }
}
