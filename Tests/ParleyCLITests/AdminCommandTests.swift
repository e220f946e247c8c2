import Foundation
import ParleyMessaging
import ParleyThreads
import ParleyThreadsTesting
import Testing

/// `parley admin` on a real SQLite file, as an operator runs it on a new install: the first admin
/// and their key (printed once, alone on standard output), a new key for an existing admin, the
/// team listing, and clear refusals.
@Suite struct AdminCommandTests {
    @Test func createAdminPrintsAKeyOnceThatSignsTheAdminIn() async throws {
        try await withTemporaryDirectory { directory in
            let database = directory + "/parley.sqlite"
            let first = try ParleyProcess.run(["admin", "create-admin", "--email", "Ana@Example.com", "--name", "Ana Ortiz", "--database", database])
            #expect(first.status == 0, "\(first.stderr)")
            let key = first.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(key.hasPrefix("pk_") && key.count == 46 && !key.contains("\n"), "\(first.stdout)")
            #expect(first.stderr.contains("not shown again"))
            #expect(first.stderr.contains("ana@example.com"))
            #expect(first.stderr.contains("…" + key.suffix(4)))

            let again = try ParleyProcess.run(["admin", "create-admin", "--email", "ana@example.com", "--database", database])
            #expect(again.status == 0, "\(again.stderr)")
            let second = again.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(second.hasPrefix("pk_") && second != key)

            let store = SQLiteThreadStore(database: try ParleyDatabase(path: database))
            let ana = try #require(try await store.rep(email: "ana@example.com"))
            #expect(ana.role == .admin && ana.name == "Ana Ortiz")
            let keys = StoreKeys(store: store)
            #expect(try await keys.resolve(key)?.identity == .admin(ana.id))
            #expect(try await keys.resolve(second)?.identity == .admin(ana.id))
            // The file holds digests, never a key.
            let bytes = try Data(contentsOf: URL(fileURLWithPath: database))
            #expect(bytes.range(of: Data(key.utf8)) == nil)
            #expect(try await store.accessKeys(personID: ana.id).allSatisfy { $0.createdBy == "operator" })

            _ = try await store.createRep(name: "Dana", email: "dana@example.com", role: .rep)
            let listed = try ParleyProcess.run(["admin", "people", "--database", database])
            #expect(listed.status == 0)
            // Both keys work, newest first.
            #expect(listed.stdout.contains("Ana Ortiz\tana@example.com\tadmin\tactive\t\t…\(second.suffix(4)),…\(key.suffix(4))"), "\(listed.stdout)")
            #expect(listed.stdout.contains("Dana\tdana@example.com\trep\tactive"))
            #expect(!listed.stdout.contains(key))

            let rep = try ParleyProcess.run(["admin", "create-admin", "--email", "dana@example.com", "--database", database])
            #expect(rep.status != 0)
            #expect(rep.stdout.isEmpty)
            #expect(rep.stderr.contains("dana@example.com is a rep here"), "\(rep.stderr)")
            let bad = try ParleyProcess.run(["admin", "create-admin", "--email", "ana", "--name", "Ana", "--database", database])
            #expect(bad.status != 0)
            #expect(bad.stderr.contains("not an email address"), "\(bad.stderr)")
        }
    }
}
