import Foundation
import GRDB
import ParleyThreadsTesting
import Synchronization
import Testing

@testable import ParleyThreads

/// Search and the conversation list on both stores: every match comes back, page after page, newest
/// activity first; names match without case or accents, numbers by their digits in any format;
/// LIKE's wildcards are plain characters; a rep sees only their numbers' conversations; and the list
/// reads in a number of statements that does not grow with its rows.
@Suite struct SearchStoreTests {
    /// Dana has two numbers, Sam one; 1,800 contacts, a quarter of them "Zoë Martínez …", each with a
    /// conversation on one of the three numbers, three at a time sharing an activity time.
    struct Crowd {
        var dana: Rep
        var sam: Rep
        var seed: BulkSeed
        var danaNumbers: Set<UUID>

        /// The rows of a rep's conversations whose contact is a Martínez, in list order.
        func martinez(on numbers: Set<UUID>) -> [BulkSeed.Row] {
            seed.rows.filter { numbers.contains($0.numberID) && ($0.name?.hasPrefix("Zoë") ?? false) }.sorted(by: Self.listOrder)
        }

        static func listOrder(_ a: BulkSeed.Row, _ b: BulkSeed.Row) -> Bool {
            if a.activityAt != b.activityAt { return a.activityAt > b.activityAt }
            return a.conversationID.uuidString.lowercased() > b.conversationID.uuidString.lowercased()
        }
    }

    static func crowd(_ store: any ThreadStore, contacts: Int = 1_800) async throws -> Crowd {
        let dana = try await store.createRep(name: "Dana", email: "dana@example.com", role: .rep)
        let sam = try await store.createRep(name: "Sam", email: "sam@example.com", role: .rep)
        let numbers = [
            try await store.assignNumber(PhoneNumber(parsing: "+1 410 555 0100"), to: dana.id),
            try await store.assignNumber(PhoneNumber(parsing: "+1 410 555 0101"), to: dana.id),
            try await store.assignNumber(PhoneNumber(parsing: "+1 410 555 0102"), to: sam.id),
        ]
        let start = Date(timeIntervalSince1970: 1_700_000_000)
        let rows = (0..<contacts).map { (i: Int) -> BulkSeed.Row in
            let name: String = i % 4 == 0 ? "Zoë Martínez \(i)" : "Contact \(i)"
            let activity: Date = start.addingTimeInterval(Double(i / 3) * 60)
            return BulkSeed.Row(
                phone: "+1202\(2_000_000 + i)", name: name, numberID: numbers[i % 3].id, activityAt: activity, messages: i % 3)
        }
        let seed = BulkSeed(rows: rows)
        try await write(seed, to: store)
        return Crowd(dana: dana, sam: sam, seed: seed, danaNumbers: [numbers[0].id, numbers[1].id])
    }

    static func write(_ seed: BulkSeed, to store: any ThreadStore) async throws {
        if let store = store as? SQLiteThreadStore { try await store.write(seed, batch: 500) }
        if let store = store as? PostgresThreadStore { try await store.write(seed, batch: 500) }
    }

    /// Every page of a rep's conversation search, until an empty one.
    static func everyPage(
        _ store: any ThreadStore, rep: UUID, search: String?, state: Conversation.State? = nil, pageSize: Int
    ) async throws -> [ConversationSummary] {
        var all: [ConversationSummary] = []
        var cursor: ConversationCursor?
        while true {
            let page = try await store.conversations(repID: rep, state: state, search: search, limit: pageSize, after: cursor)
            #expect(page.count <= pageSize)
            guard let last = page.last else { return all }
            all += page
            cursor = ConversationCursor(after: last)
        }
    }

    @Test(arguments: StoreKind.allCases) func everyMatchingConversationComesBackAcrossPagesNewestFirst(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            let crowd = try await Self.crowd(store)
            let expected = crowd.martinez(on: crowd.danaNumbers)
            #expect(expected.count == 300)  // 450 Martínez, two thirds of them on Dana's numbers

            for query in ["martinez", "MARTÍNEZ", "zoe", "Zoë mart"] {
                let found = try await Self.everyPage(store, rep: crowd.dana.id, search: query, pageSize: 40)
                #expect(found.map(\.conversation.id) == expected.map(\.conversationID), "\(query)")
            }
            // Each row carries its contact, number and newest message.
            let found = try await Self.everyPage(store, rep: crowd.dana.id, search: "martinez", pageSize: 200)
            let byID = Dictionary(uniqueKeysWithValues: crowd.seed.rows.map { ($0.conversationID, $0) })
            for summary in found {
                let row = try #require(byID[summary.conversation.id])
                #expect(summary.contact.id == row.contactID)
                #expect(summary.contact.name == row.name)
                #expect(summary.number.id == row.numberID)
                #expect(summary.number.repID == crowd.dana.id)
                #expect(summary.lastMessage?.sequence == (row.messages == 0 ? nil : Int64(row.messages)))
                #expect(summary.lastMessage?.original == (row.messages == 0 ? nil : BulkSeed.text(row.messages)))
            }
            // Sam's list holds only Sam's number's conversations.
            let sams = try await Self.everyPage(store, rep: crowd.sam.id, search: "martinez", pageSize: 100)
            #expect(sams.count == 150)
            #expect(Set(sams.map(\.conversation.id)).isDisjoint(with: found.map(\.conversation.id)))
            #expect(sams.allSatisfy { $0.number.repID == crowd.sam.id })

            // Without a search, every conversation of the rep, once, in order.
            let everything = try await Self.everyPage(store, rep: crowd.dana.id, search: nil, pageSize: 170)
            let danas = crowd.seed.rows.filter { crowd.danaNumbers.contains($0.numberID) }.sorted(by: Crowd.listOrder)
            #expect(everything.map(\.conversation.id) == danas.map(\.conversationID))
            // A blank search is no search.
            #expect(try await store.conversations(repID: crowd.dana.id, state: nil, search: "  ", limit: 5, after: nil).count == 5)
            // The state filter goes with the search.
            #expect(try await Self.everyPage(store, rep: crowd.dana.id, search: "martinez", state: .done, pageSize: 50).isEmpty)
        }
    }

    @Test(arguments: StoreKind.allCases) func everyMatchingContactComesBackAcrossPagesByName(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            let crowd = try await Self.crowd(store)
            var found: [Contact] = []
            var last: Contact?
            repeat {
                let page = try await store.searchContacts("martínez", limit: 64, after: last)
                found += page
                last = page.last
            } while last != nil
            let expected = crowd.seed.rows.filter { $0.name?.hasPrefix("Zoë") ?? false }
            #expect(found.count == 450)
            #expect(Set(found.map(\.id)) == Set(expected.map(\.contactID)))
            #expect(found.map { $0.name! } == expected.map { $0.name! }.sorted { ContactRecord.fold($0) < ContactRecord.fold($1) })
            // Short queries (no trigram) page the same way.
            var short: [Contact] = []
            last = nil
            repeat {
                let page = try await store.searchContacts("z", limit: 100, after: last)
                short += page
                last = page.last
            } while last != nil
            #expect(Set(short.map(\.id)) == Set(expected.map(\.contactID)))
        }
    }

    @Test(arguments: StoreKind.allCases) func aNumberIsFoundByItsDigitsInAnyFormat(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            let thread = try await makeThread(store)
            let nameless = try await store.findOrCreateContact(phone: PhoneNumber(parsing: "+1 443 555 0142"))
            let conversation = try await store.findOrCreateConversation(numberID: thread.number.id, contactID: nameless.id)
            for query in ["555 0142", "(443) 555-0142", "+1443555", "14435550142", "443.555.01", "5550142"] {
                #expect(try await store.searchContacts(query, limit: 10).map(\.id) == [nameless.id], "\(query)")
                let list = try await store.conversations(repID: thread.rep.id, state: nil, search: query, limit: 10, after: nil)
                #expect(list.map(\.conversation.id) == [conversation.id], "\(query)")
            }
            // José's number is +52 55 1234 5678.
            #expect(try await store.searchContacts("55 1234", limit: 10).map(\.id) == [thread.contact.id])
            #expect(try await store.searchContacts("42", limit: 10).isEmpty)  // two digits are not a number search
            #expect(try await store.searchContacts("999 999", limit: 10).isEmpty)
        }
    }

    @Test(arguments: StoreKind.allCases) func namesMatchWithoutCaseOrAccents(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            let thread = try await makeThread(store)  // José Pérez
            let ana = try await store.createContact(
                phone: PhoneNumber(parsing: "+34 600 000 001"), name: "Ana Núñez", preferredLanguage: nil, languageSource: nil)
            let withAna = try await store.findOrCreateConversation(numberID: thread.number.id, contactID: ana.id)
            func list(_ query: String) async throws -> [UUID] {
                try await store.conversations(repID: thread.rep.id, state: nil, search: query, limit: 10, after: nil).map(\.conversation.id)
            }
            #expect(try await list("jose") == [thread.conversation.id])
            #expect(try await list("PÉREZ") == [thread.conversation.id])
            #expect(try await list("josé pé") == [thread.conversation.id])
            #expect(try await list("nunez") == [withAna.id])
            #expect(try await list("NÚÑ") == [withAna.id])
            #expect(try await list("nu") == [withAna.id])  // short: read without the index, same answer
            #expect(try await list("xyz").isEmpty)
            // A renamed contact is found by the new name only.
            _ = try await store.updateContact(id: ana.id, name: "Ana Ortiz", phone: ana.phone)
            #expect(try await list("nunez").isEmpty)
            #expect(try await list("ortiz") == [withAna.id])
            #expect(try await store.searchContacts("ortiz", limit: 10).map(\.id) == [ana.id])
        }
    }

    @Test(arguments: StoreKind.allCases) func likeWildcardsInTheQueryAreLiteral(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            let thread = try await makeThread(store)
            var ids: [String: UUID] = [:]
            for (index, name) in ["50% Off Shop", "500 Club", "Ana_Lopez", "Ana Lopez", #"Back\Slash"#, "Quote \"Q\" Co"].enumerated() {
                let contact = try await store.createContact(
                    phone: PhoneNumber(parsing: "+1 212 555 01\(10 + index)"), name: name, preferredLanguage: nil, languageSource: nil)
                ids[name] = try await store.findOrCreateConversation(numberID: thread.number.id, contactID: contact.id).id
            }
            let cases: [(String, [String])] = [
                ("%", ["50% Off Shop"]), ("50%", ["50% Off Shop"]), ("0% o", ["50% Off Shop"]),
                ("_", ["Ana_Lopez"]), ("a_l", ["Ana_Lopez"]), ("na_lo", ["Ana_Lopez"]),
                (#"\"#, [#"Back\Slash"#]), (#"k\s"#, [#"Back\Slash"#]),
                ("\"q\"", ["Quote \"Q\" Co"]), ("name_folded : x", []),
            ]
            for (query, names) in cases {
                let list = try await store.conversations(repID: thread.rep.id, state: nil, search: query, limit: 10, after: nil)
                #expect(Set(list.map(\.conversation.id)) == Set(names.compactMap { ids[$0] }), "\(query)")
                let contacts = try await store.searchContacts(query, limit: 10)
                #expect(Set(contacts.compactMap(\.name)) == Set(names), "\(query)")
            }
        }
    }

    @Test(arguments: StoreKind.allCases) func aContactOnTwoRepsNumbersShowsInEachRepsOwnList(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            let thread = try await makeThread(store)  // Dana's number, José
            let sam = try await store.createRep(name: "Sam", email: "sam@example.com", role: .rep)
            let samsNumber = try await store.assignNumber(PhoneNumber(parsing: "+1 410 555 0199"), to: sam.id)
            let samsThread = try await store.findOrCreateConversation(numberID: samsNumber.id, contactID: thread.contact.id)
            let danas = try await store.conversations(repID: thread.rep.id, state: nil, search: "jose", limit: 10, after: nil)
            #expect(danas.map(\.conversation.id) == [thread.conversation.id])
            let sams = try await store.conversations(repID: sam.id, state: nil, search: "jose", limit: 10, after: nil)
            #expect(sams.map(\.conversation.id) == [samsThread.id])
            let unknown = await #expect(throws: ThreadStoreError.self) {
                try await store.conversations(repID: UUID(), state: nil, search: "jose", limit: 10, after: nil)
            }
            #expect(unknown?.code == .notFound)
            let nul = await #expect(throws: ThreadStoreError.self) {
                try await store.conversations(repID: sam.id, state: nil, search: "jo\0se", limit: 10, after: nil)
            }
            #expect(nul?.code == .invalidInput)
        }
    }

    /// SQLite statements run for one list of `rows` conversations, counted on every connection.
    @Test func theListReadsInTheSameNumberOfStatementsWhateverItsRows() async throws {
        var counts: [Int: [Int]] = [:]
        for rows in [4, 120] {
            try await withTemporaryDirectory { directory in
                let statements = StatementCounter()
                var configuration = GRDB.Configuration()
                configuration.prepareDatabase { db in
                    db.trace(options: .statement) { event in statements.record("\(event)") }
                }
                let pool = try DatabasePool(path: directory + "/parley.sqlite", configuration: configuration)
                let store = SQLiteThreadStore(database: try ParleyDatabase(pool, path: directory + "/parley.sqlite"))
                let rep = try await store.createRep(name: "Dana", email: "dana@example.com", role: .rep)
                let number = try await store.assignNumber(PhoneNumber(parsing: "+1 410 555 0100"), to: rep.id)
                let start = Date(timeIntervalSince1970: 1_700_000_000)
                try await store.write(
                    BulkSeed(
                        rows: (0..<rows).map { (i: Int) -> BulkSeed.Row in
                            let activity: Date = start.addingTimeInterval(Double(i))
                            return BulkSeed.Row(
                                phone: "+1202\(2_000_000 + i)", name: "Zoë \(i)", numberID: number.id, activityAt: activity,
                                messages: 1 + i % 3)
                        }))
                var measured: [Int] = []
                for search: String? in [nil, "zoe", "zo"] {
                    _ = try await store.conversations(repID: rep.id, state: nil, search: search, limit: 200, after: nil)  // warm
                    statements.reset()
                    let list = try await store.conversations(repID: rep.id, state: nil, search: search, limit: 200, after: nil)
                    // Statements of the store's own; SQLite reports those FTS5 runs inside the search on its
                    // index pages ("-- SELECT pgno FROM 'main'.'contacts_search_idx' …") with a "-- " prefix.
                    measured.append(statements.sql.filter { !$0.hasPrefix("-- ") }.count)
                    #expect(list.count == rows)
                    #expect(list.allSatisfy { $0.lastMessage != nil })
                }
                counts[rows] = measured
                try pool.close()
            }
        }
        #expect(counts[4] == counts[120])
        // BEGIN, GRDB's schema check, the rep, the page with everything its rows show, COMMIT.
        #expect(counts[120] == [5, 5, 5], "\(counts)")
    }
}

/// Statements traced on any connection of a database.
final class StatementCounter: Sendable {
    private let statements = Mutex<[String]>([])

    func record(_ sql: String) { statements.withLock { $0.append(sql) } }
    func reset() { statements.withLock { $0 = [] } }
    var sql: [String] { statements.withLock { $0 } }
}
