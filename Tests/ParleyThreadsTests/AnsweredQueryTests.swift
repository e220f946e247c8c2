#if PostgreSQL
import Foundation
import Logging
import PostgresNIO
import Testing

@testable import ParleyThreads

/// Queries on a pooled PostgreSQL connection: each leaves nothing behind once answered, and a
/// connection the server ended fails its next query instead of leaving it waiting for ever.
@Suite struct AnsweredQueryTests {
    let logger = Logger(label: "parley.test.answered")

    @Test func aConnectionTheServerEndedFailsItsNextQueryAndIsNoLongerWatched() async throws {
        let url = ProcessInfo.processInfo.environment["PARLEY_POSTGRES_URL"] ?? ""
        try #require(!url.isEmpty, "PARLEY_POSTGRES_URL is not set: run the tests with scripts/test")
        var configuration = try PostgresDatabase.Configuration(url: url)
        configuration.maximumConnections = 2
        let database = PostgresDatabase(configuration)
        let runner = Task { await database.run() }
        defer { runner.cancel() }

        let logger = self.logger
        try await database.withConnection { connection in
            // Many queries on one pooled connection: none stays registered once answered.
            for round in 0..<50 {
                let rows = try await connection.answered("SELECT \(round)::int", logger: logger).collect()
                #expect(try rows.first?.decode(Int.self) == round)
            }
            #expect(ClosingWatch.shared.waiting(on: connection) == 0)

            // Another connection ends this one's session, as idle_in_transaction_session_timeout does.
            let pid = try #require(try await connection.answered("SELECT pg_backend_pid()", logger: logger).collect().first?.decode(Int32.self))
            try await database.execute(unsafeSQL: "SELECT pg_terminate_backend(\(pid))")
            for _ in 0..<200 where ClosingWatch.shared.waiting(on: connection) != nil {
                try await Task.sleep(for: .milliseconds(25))
            }
            #expect(ClosingWatch.shared.waiting(on: connection) == nil, "the closed connection is still watched")
            await #expect(throws: (any Error).self) {
                _ = try await connection.answered("SELECT 1", logger: logger).collect()
            }
        }
    }
}
#endif
