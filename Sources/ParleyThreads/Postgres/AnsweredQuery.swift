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
    /// wait also ends when the connection closes (``ClosingWatch``).
    func answered(_ query: PostgresQuery, logger: Logger) async throws -> PostgresRowSequence {
        guard !isClosed else { throw ConnectionLost() }
        let connection = self
        let watch = ClosingWatch.shared
        var token: UInt64 = 0
        defer { watch.forget(connection, token) }
        return try await withCheckedThrowingContinuation { continuation in
            let outcome = Once(continuation)
            token = watch.watch(connection, outcome)
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

/// The queries waiting on each open connection, failed together when it closes: one callback on a
/// connection's close future for its whole life, not one per query (those would pile up on a
/// pooled connection that lives for hours).
final class ClosingWatch: Sendable {
    static let shared = ClosingWatch()

    private struct State {
        var waiting: [ObjectIdentifier: [UInt64: Once]] = [:]
        var next: UInt64 = 1
    }

    private let state = Mutex(State())

    /// Registers a query waiting on `connection`; the token is for ``forget(_:_:)``.
    fileprivate func watch(_ connection: PostgresConnection, _ outcome: Once) -> UInt64 {
        let key = ObjectIdentifier(connection)
        let (token, first) = state.withLock { state in
            let token = state.next
            state.next += 1
            let first = state.waiting[key] == nil
            state.waiting[key, default: [:]][token] = outcome
            return (token, first)
        }
        if first {
            connection.closeFuture.whenComplete { _ in
                let waiting = self.state.withLock { $0.waiting.removeValue(forKey: key) } ?? [:]
                for outcome in waiting.values { outcome.resume(throwing: ConnectionLost()) }
            }
        }
        return token
    }

    /// The query answered (or failed): it no longer waits on the connection.
    fileprivate func forget(_ connection: PostgresConnection, _ token: UInt64) {
        let key = ObjectIdentifier(connection)
        state.withLock { _ = $0.waiting[key]?.removeValue(forKey: token) }
    }

    /// How many queries wait on a connection; nil when it is not watched (never used, or closed).
    func waiting(on connection: PostgresConnection) -> Int? {
        state.withLock { $0.waiting[ObjectIdentifier(connection)]?.count }
    }
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
