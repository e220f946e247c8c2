import ArgumentParser
import Foundation
import ParleyThreads

/// `parley bench search`: a generated database of `contacts` contacts (one conversation each, spread
/// over `reps` reps with two numbers each) and about `messages` messages, on SQLite and, with
/// `--postgres`, on PostgreSQL (a schema of its own, dropped afterwards); then the latency (p50, p95,
/// p99) of a conversation search by name fragment and by phone digits, of a rep's conversation list
/// (the panel's 200 rows) and of a contact search; and a check that paging through a search returns
/// every match, against a count over the generated rows.
struct SearchBench {
    /// The command line's options for this part.
    struct Options: ParsableArguments {
        @Option(help: ArgumentHelp("search: also measure on this PostgreSQL server (a new schema, dropped afterwards).", valueName: "url"))
        var postgres: String?

        @Option(help: "search: contacts to generate, one conversation each.")
        var searchContacts = 200_000

        @Option(help: "search: messages to generate, spread over the conversations.")
        var searchMessages = 1_000_000

        @Option(help: "search: reps, each with two numbers.")
        var searchReps = 20

        @Option(help: "search: timed calls of each kind.")
        var searchSamples = 300
    }

    let options: Options

    static let firstNames = [
        "José", "María", "Zoë", "Ana", "Luis", "Jürgen", "Chloé", "Nguyễn", "Fatima", "Olivia", "Liam", "Sofía", "Mateo",
        "Émile", "Björn", "Ingrid", "Carlos", "Lucía", "Noah", "Amélie",
    ]
    static let lastNames = [
        "Pérez", "Núñez", "García", "Martínez", "Smith", "Müller", "Dubois", "Rossi", "Novák", "Kowalski", "O'Brien",
        "Fernández", "López", "González", "Johnson", "Brown", "Moreau", "Lefèvre", "Schäfer", "Svensson", "Yılmaz",
        "Andersson", "Silva", "Santos", "Costa", "Ramírez", "Torres", "Flores", "Rivera", "Gómez", "Díaz", "Cruz",
        "Reyes", "Morales", "Ortiz", "Gutiérrez", "Chávez", "Ramos", "Vargas", "Castillo", "Jiménez", "Moreno",
        "Romero", "Herrera", "Medina", "Aguilar", "Vega", "Castro", "Mendoza", "Ruiz",
    ]
    /// Name fragments searched, as a rep types them (no accents, any case).
    static let fragments = ["perez", "Nunez", "garc", "MARTIN", "jose", "zoe mar", "mull", "lefe", "chloe", "ortiz r", "yilm", "an"]

    /// The generated rows: contact `i` is named from the lists, numbered +1 (201…) and on number
    /// `i % numbers` (names vary independently of it); activity times spread over 90 days; 1 to 9 messages (5 on average).
    static func seed(contacts: Int, messages: Int, numbers: [UUID]) -> BulkSeed {
        let start = Date(timeIntervalSince1970: 1_760_000_000)
        let perConversation = max(1, Double(messages) / Double(max(1, contacts)))
        return BulkSeed(
            rows: (0..<contacts).map { i in
                // Names vary independently of the number (i % numbers), so every rep has every name.
                let first = firstNames[(i / numbers.count) % firstNames.count]
                let last = lastNames[(i / (numbers.count * firstNames.count)) % lastNames.count]
                let count = Int((Double(i % 9) - 4) / 4 * (perConversation - 1) + perConversation)
                return BulkSeed.Row(
                    phone: "+1" + String(2_012_000_000 + i * 7), name: "\(first) \(last) \(i % 97)",
                    numberID: numbers[i % numbers.count],
                    activityAt: start.addingTimeInterval(Double((i &* 2_654_435_761) % 7_776_000)), messages: max(0, count))
            })
    }

    func run() async throws {
        guard options.searchContacts >= 1_000, options.searchReps >= 1, options.searchSamples >= 10 else {
            throw ValidationError("search: give at least 1,000 contacts, 1 rep and 10 samples")
        }
        print("search: \(options.searchContacts) contacts and conversations, about \(options.searchMessages) messages, "
            + "\(options.searchReps) reps with 2 numbers each; \(options.searchSamples) timed calls of each kind")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parley-bench-search-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let sqlite = SQLiteThreadStore(database: try ParleyDatabase(path: folder.appendingPathComponent("parley.sqlite").path))
        try await measure("SQLite", sqlite) { seed in try await sqlite.write(seed) }

        guard let url = options.postgres else { return }
        var configuration = try PostgresDatabase.Configuration(url: url)
        let admin = PostgresDatabase(configuration)
        let runner = Task { await admin.run() }
        defer { runner.cancel() }
        let schema = "parley_bench_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await admin.execute(unsafeSQL: "CREATE SCHEMA \(schema)")
        configuration.schema = schema
        configuration.eventChannel = "parley_events_\(schema)"
        do {
            let database = try await PostgresDatabase.connect(configuration)
            let postgres = PostgresThreadStore(database: database)
            do {
                try await measure("PostgreSQL", postgres) { seed in
                    try await postgres.write(seed)
                    for table in ["contacts", "conversations", "messages", "business_numbers"] {
                        try await database.execute(unsafeSQL: "ANALYZE \(table)")
                    }
                }
            } catch {
                await database.close()
                throw error
            }
            await database.close()
        } catch {
            try? await admin.execute(unsafeSQL: "DROP SCHEMA \(schema) CASCADE")
            throw error
        }
        try await admin.execute(unsafeSQL: "DROP SCHEMA \(schema) CASCADE")
    }

    private func measure(_ name: String, _ store: some ThreadStore, write: (BulkSeed) async throws -> Void) async throws {
        var reps: [Rep] = []
        var numbers: [BusinessNumber] = []
        for index in 0..<options.searchReps {
            let rep = try await store.createRep(name: "Rep \(index)", email: "rep\(index)@example.com", role: .rep)
            reps.append(rep)
            for line in 0..<2 {
                numbers.append(try await store.assignNumber(PhoneNumber(parsing: "+1 410 555 \(1_000 + index * 2 + line)"), to: rep.id))
            }
        }
        let seed = Self.seed(contacts: options.searchContacts, messages: options.searchMessages, numbers: numbers.map(\.id))
        let generation = ContinuousClock.now
        try await write(seed)
        let messageCount = seed.rows.reduce(0) { $0 + $1.messages }
        print("search: \(name): generated \(seed.rows.count) contacts, \(messageCount) messages in \(ContinuousClock.now - generation)")

        let repOfNumber = Dictionary(uniqueKeysWithValues: numbers.map { ($0.id, $0.repID) })
        let samples = options.searchSamples
        // Phone digits as reps type them: 7 digits with a space, or the whole number formatted.
        let phoneQueries = (0..<samples).map { i -> String in
            let digits = String(seed.rows[(i * 7_919) % seed.rows.count].phone.dropFirst())
            let area = String(digits.dropFirst().prefix(3))
            let exchange = String(digits.dropFirst(4).prefix(3))
            let line = String(digits.suffix(4))
            return i % 2 == 0 ? exchange + " " + line : "(" + area + ") " + exchange + "-" + line
        }
        var nameSearch = LatencyHistogram()
        var phoneSearch = LatencyHistogram()
        var list = LatencyHistogram()
        var contactSearch = LatencyHistogram()
        for i in 0..<samples {
            let rep = reps[i % reps.count].id
            let fragment = Self.fragments[i % Self.fragments.count]
            nameSearch.record(try await Self.time {
                _ = try await store.conversations(repID: rep, state: nil, search: fragment, limit: 50, after: nil)
            })
            phoneSearch.record(try await Self.time {
                _ = try await store.conversations(repID: rep, state: nil, search: phoneQueries[i], limit: 50, after: nil)
            })
            list.record(try await Self.time { _ = try await store.conversations(repID: rep, state: nil, search: nil, limit: 200, after: nil) })
            contactSearch.record(try await Self.time { _ = try await store.searchContacts(fragment, limit: 20, after: nil) })
        }
        for (title, histogram) in [
            ("conversation search by name fragment (50 rows)", nameSearch),
            ("conversation search by phone digits (50 rows)", phoneSearch),
            ("a rep's conversation list (200 rows)", list),
            ("contact search by name fragment (20 rows)", contactSearch),
        ] {
            print("search: \(name): \(title): " + Self.report(histogram))
        }

        // Every match, page after page, against a count over the generated rows.
        let names = seed.rows.map { Self.fold($0.name ?? "") }
        for (index, query) in (Self.fragments + phoneQueries.prefix(4)).enumerated() {
            let rep = reps[index % reps.count].id
            let foldedQuery = Self.fold(query.trimmingCharacters(in: .whitespacesAndNewlines))
            let digits = String(query.filter { $0.isASCII && $0.isNumber })
            // A name that contains the folded query, or a number that contains its 3 or more digits.
            let matching = seed.rows.indices.filter {
                names[$0].contains(foldedQuery) || (digits.count >= 3 && seed.rows[$0].phone.contains(digits))
            }
            let expected = matching.filter { repOfNumber[seed.rows[$0].numberID] == rep }.count
            var found = 0
            var seen = Set<UUID>()
            var cursor: ConversationCursor?
            while true {
                let page = try await store.conversations(repID: rep, state: nil, search: query, limit: 200, after: cursor)
                guard let last = page.last else { break }
                found += page.count
                seen.formUnion(page.map(\.conversation.id))
                cursor = ConversationCursor(after: last)
            }
            let expectedContacts = matching.count
            var contacts = 0
            var lastContact: Contact?
            repeat {
                let page = try await store.searchContacts(query, limit: 500, after: lastContact)
                contacts += page.count
                lastContact = page.last
            } while lastContact != nil
            let verdict = found == expected && seen.count == found && contacts == expectedContacts ? "all returned" : "MISMATCH"
            print("search: \(name): '\(query)': \(found) of \(expected) conversations for one rep, "
                + "\(contacts) of \(expectedContacts) contacts: \(verdict)")
            if verdict != "all returned" { throw ValidationError("search: \(name): '\(query)' did not return every match") }
        }
    }

    /// Lowercase without accents, as the stores fold names.
    static func fold(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil).lowercased()
    }

    static func time(_ body: () async throws -> Void) async throws -> Int {
        let start = ContinuousClock.now
        try await body()
        let elapsed = ContinuousClock.now - start
        return Int(elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000)
    }

    static func report(_ histogram: LatencyHistogram) -> String {
        let ms = { (p: Double) in String(format: "%.2f", Double(histogram.percentile(p) ?? 0) / 1_000) }
        return "p50 \(ms(50)) ms, p95 \(ms(95)) ms, p99 \(ms(99)) ms"
    }
}
