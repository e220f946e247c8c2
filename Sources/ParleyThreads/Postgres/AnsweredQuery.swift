#if PostgreSQL
internal import NIOCore
internal import PostgresNIO
internal import Synchronization

extension PostgresConnection {
    /// Runs a query and waits for its answer, or fails once the connection is closed.
    ///
    /// PostgresNIO 1.33 writes a query to its channel without a write promise: a query written just
    /// after the channel closed (the server ended the session, e.g. by
    /// `idle_in_transaction_session_timeout` while this process was paused) is dropped, and its
    /// caller would wait for ever, holding its request and the server's graceful shutdown. Here the
    /// wait also ends when the connection's close future completes.
    func answered(_ query: PostgresQuery, logger: Logger) async throws -> PostgresRowSequence {
        guard !isClosed else { throw ConnectionLost() }
        let connection = self
        return try await withCheckedThrowingContinuation { continuation in
            let outcome = Once(continuation)
            connection.closeFuture.whenComplete { _ in outcome.resume(throwing: ConnectionLost()) }
            Task {
                do {
                    outcome.resume(returning: try await connection.query(query, logger: logger))
                } catch {
                    outcome.resume(throwing: error)
                }
            }
        }
    }
}

/// The connection closed before the server answered a query.
struct ConnectionLost: Error, CustomStringConvertible {
    var description: String { "the database ended the connection before answering; try again" }
}

/// A continuation resumed by whichever comes first: the answer or the connection's close.
private final class Once: Sendable {
    private let continuation: Mutex<CheckedContinuation<PostgresRowSequence, any Error>?>

    init(_ continuation: CheckedContinuation<PostgresRowSequence, any Error>) {
        self.continuation = Mutex(continuation)
    }

    func resume(returning rows: PostgresRowSequence) {
        take()?.resume(returning: rows)
    }

    func resume(throwing error: any Error) {
        take()?.resume(throwing: error)
    }

    private func take() -> CheckedContinuation<PostgresRowSequence, any Error>? {
        continuation.withLock { continuation in
            defer { continuation = nil }
            return continuation
        }
    }
}
#endif
