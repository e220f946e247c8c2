/// Runs identical requests once: while the work for a key is in flight, later callers with the same
/// key wait for it instead of starting their own, and every caller gets the same result, value or
/// error. When the work ends the key is forgotten, so the next call runs the work again (a cache in
/// front remembers results; the coalescer only merges what overlaps).
///
/// Cancellation: the work runs in a task of its own, not in any caller's, so one caller's
/// cancellation never cancels the work for the others. A cancelled caller stops waiting at once and
/// throws `CancellationError`. When the last caller waiting for a key is cancelled, nobody wants the
/// result any more: the work's task is cancelled, and the key is forgotten at once, so a new call
/// starts afresh rather than joining the abandoned work.
///
/// ```swift
/// let coalescer = RequestCoalescer<TranslationCacheKey, String>()
/// let translation = try await coalescer.run(key) {
///     try await backend.translate(key.protectedText, from: key.source, to: key.target)
/// }
/// ```
public actor RequestCoalescer<Key: Hashable & Sendable, Value: Sendable> {
    private struct Flight {
        /// The first caller's id; tells this flight from a later one for the same key.
        var generation: UInt64
        var waiters: [UInt64: CheckedContinuation<Value, any Error>]
        var task: Task<Void, Never>?
    }

    private var flights: [Key: Flight] = [:]
    private var nextCaller: UInt64 = 0

    /// Creates a coalescer with nothing in flight.
    public init() {}

    /// Runs `work` for `key`, or waits for the run already in flight for it, and returns its result.
    ///
    /// The closure escapes: it runs in a task of its own so that no caller's cancellation reaches
    /// it while others still wait.
    /// - Parameters:
    ///   - key: what identifies the request; equal keys share one run.
    ///   - work: the request; run only when no run for `key` is in flight.
    /// - Throws: what `work` threw, to every caller that waited for it; `CancellationError` to a
    ///   caller that was cancelled while waiting.
    public func run(_ key: Key, _ work: @escaping @Sendable () async throws -> Value) async throws -> Value {
        let caller = nextCaller
        nextCaller += 1
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                guard !Task.isCancelled else {
                    continuation.resume(throwing: CancellationError())
                    return
                }
                if flights[key] != nil {
                    flights[key]!.waiters[caller] = continuation
                    return
                }
                flights[key] = Flight(generation: caller, waiters: [caller: continuation], task: nil)
                flights[key]!.task = Task {
                    let result: Result<Value, any Error>
                    do {
                        result = .success(try await work())
                    } catch {
                        result = .failure(error)
                    }
                    self.finish(key, generation: caller, with: result)
                }
            }
        } onCancel: {
            Task { await self.abandon(key, caller: caller) }
        }
    }

    /// How many callers wait for the run in flight for a key; 0 when none is.
    /// - Parameters:
    ///   - key: the key.
    public func waiters(for key: Key) -> Int {
        flights[key]?.waiters.count ?? 0
    }

    /// How many keys have a run in flight.
    public var inFlight: Int { flights.count }

    private func finish(_ key: Key, generation: UInt64, with result: Result<Value, any Error>) {
        // An abandoned flight was forgotten already; a newer one for the key is not ours to end.
        guard let flight = flights[key], flight.generation == generation else { return }
        flights[key] = nil
        for continuation in flight.waiters.values {
            continuation.resume(with: result)
        }
    }

    private func abandon(_ key: Key, caller: UInt64) {
        guard var flight = flights[key], let continuation = flight.waiters.removeValue(forKey: caller) else {
            return
        }
        continuation.resume(throwing: CancellationError())
        if flight.waiters.isEmpty {
            flight.task?.cancel()
            flights[key] = nil
        } else {
            flights[key] = flight
        }
    }
}
