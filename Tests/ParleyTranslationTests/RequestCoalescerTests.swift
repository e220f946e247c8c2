import ParleyTranslation
import Synchronization
import Testing

@Suite(.timeLimit(.minutes(1))) struct RequestCoalescerTests {
    @Test func fiftyIdenticalRequestsRunTheWorkOnce() async throws {
        let coalescer = RequestCoalescer<String, String>()
        let executions = Tally()
        let gate = Gate()

        let results = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<50 {
                group.addTask {
                    try await coalescer.run("hola|es|en") {
                        executions.add()
                        await gate.wait()  // held open until all 50 callers wait
                        return "hello"
                    }
                }
            }
            // Every caller waits, or (a broken coalescer) a second run has started.
            try await until { await coalescer.waiters(for: "hola|es|en") == 50 || executions.value > 1 }
            #expect(executions.value == 1)
            await gate.open()
            return try await group.reduce(into: []) { $0.append($1) }
        }

        #expect(results == Array(repeating: "hello", count: 50))
        #expect(executions.value == 1)
        #expect(await coalescer.inFlight == 0)
    }

    @Test func anErrorReachesEveryWaiter() async throws {
        let coalescer = RequestCoalescer<String, String>()
        let executions = Tally()
        let gate = Gate()

        let outcomes = try await withThrowingTaskGroup(of: Result<String, any Error>.self) { group in
            for _ in 0..<10 {
                group.addTask {
                    await Result {
                        try await coalescer.run("k") {
                            executions.add()
                            await gate.wait()
                            throw Boom(code: 503)
                        }
                    }
                }
            }
            try await until { await coalescer.waiters(for: "k") == 10 || executions.value > 1 }
            await gate.open()
            return try await group.reduce(into: []) { $0.append($1) }
        }

        #expect(outcomes.count == 10)
        for outcome in outcomes {
            #expect(throws: Boom(code: 503)) { try outcome.get() }
        }
        #expect(executions.value == 1)
        #expect(await coalescer.inFlight == 0)
    }

    @Test func aFinishedKeyIsForgottenSoTheNextCallRunsAgain() async throws {
        let coalescer = RequestCoalescer<String, Int>()
        let executions = Tally()
        let work: @Sendable () async throws -> Int = { executions.add() }

        #expect(try await coalescer.run("k", work) == 1)
        #expect(await coalescer.inFlight == 0)
        #expect(try await coalescer.run("k", work) == 2)
        #expect(executions.value == 2)
    }

    @Test func aFailedKeyIsForgottenToo() async throws {
        let coalescer = RequestCoalescer<String, String>()
        await #expect(throws: Boom(code: 429)) {
            try await coalescer.run("k") { throw Boom(code: 429) }
        }
        #expect(await coalescer.inFlight == 0)
        #expect(try await coalescer.run("k") { "retried" } == "retried")
    }

    @Test func differentKeysRunSeparately() async throws {
        let coalescer = RequestCoalescer<String, String>()
        let executions = Tally()
        let gate = Gate()

        async let a = coalescer.run("a") {
            executions.add()
            await gate.wait()
            return "A"
        }
        async let b = coalescer.run("b") {
            executions.add()
            await gate.wait()
            return "B"
        }
        try await until { await coalescer.inFlight == 2 }
        #expect(await coalescer.waiters(for: "a") == 1)
        #expect(await coalescer.waiters(for: "b") == 1)
        await gate.open()
        #expect(try await [a, b] == ["A", "B"])
        #expect(executions.value == 2)
    }

    @Test func aCancelledWaiterDoesNotCancelTheWorkForOthers() async throws {
        let coalescer = RequestCoalescer<String, String>()
        let executions = Tally()
        let gate = Gate()
        let workSawCancellation = Mutex<Bool?>(nil)

        let first = Task {
            try await coalescer.run("k") {
                executions.add()
                await gate.wait()
                workSawCancellation.withLock { $0 = Task.isCancelled }
                return "hello"
            }
        }
        try await until { await coalescer.waiters(for: "k") == 1 }
        let second = Task {
            try await coalescer.run("k") {
                executions.add()
                return "a second run"
            }
        }
        try await until { await coalescer.waiters(for: "k") == 2 }

        first.cancel()
        await #expect(throws: CancellationError.self) { try await first.value }  // stops waiting at once
        #expect(await coalescer.waiters(for: "k") == 1)

        await gate.open()
        #expect(try await second.value == "hello")
        #expect(workSawCancellation.withLock { $0 } == false)
        #expect(executions.value == 1)
    }

    @Test func whenTheLastWaiterIsCancelledTheWorkIsCancelledAndTheKeyForgotten() async throws {
        let coalescer = RequestCoalescer<String, String>()
        let executions = Tally()
        let gate = Gate()
        let workEnded = Gate()
        let workSawCancellation = Mutex<Bool?>(nil)

        let abandoned = Task {
            try await coalescer.run("k") {
                executions.add()
                await gate.wait()
                workSawCancellation.withLock { $0 = Task.isCancelled }
                await workEnded.open()
                return "stale"
            }
        }
        try await until { await coalescer.waiters(for: "k") == 1 }
        abandoned.cancel()
        await #expect(throws: CancellationError.self) { try await abandoned.value }
        #expect(await coalescer.inFlight == 0)

        // A new caller starts a run of its own instead of joining the abandoned one.
        let freshGate = Gate()
        let fresh = Task {
            try await coalescer.run("k") {
                executions.add()
                await freshGate.wait()
                return "fresh"
            }
        }
        try await until { await coalescer.waiters(for: "k") == 1 }
        #expect(executions.value == 2)

        // The abandoned run ends, cancelled; its result reaches nobody, the fresh run included.
        await gate.open()
        await workEnded.wait()
        #expect(workSawCancellation.withLock { $0 } == true)
        await freshGate.open()
        #expect(try await fresh.value == "fresh")
        #expect(await coalescer.inFlight == 0)
    }

    @Test func anAlreadyCancelledCallerDoesNotStartTheWork() async throws {
        let coalescer = RequestCoalescer<String, String>()
        let executions = Tally()
        let caller = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await coalescer.run("k") {
                executions.add()
                return "hello"
            }
        }
        await #expect(throws: CancellationError.self) { try await caller.value }
        #expect(executions.value == 0)
        #expect(await coalescer.inFlight == 0)
    }
}

// MARK: - Helpers

private struct Boom: Error, Equatable {
    var code: Int
}

/// Counts runs of the work.
private final class Tally: Sendable {
    private let count = Atomic(0)

    /// Adds one; returns the new count.
    @discardableResult
    func add() -> Int { count.wrappingAdd(1, ordering: .sequentiallyConsistent).newValue }

    var value: Int { count.load(ordering: .sequentiallyConsistent) }
}

/// Holds work until opened; once open, never blocks again.
private actor Gate {
    private var isOpen = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func wait() async {
        if isOpen { return }
        await withCheckedContinuation { waiting.append($0) }
    }

    func open() {
        isOpen = true
        for continuation in waiting { continuation.resume() }
        waiting = []
    }
}

/// Yields until a condition holds: waits on progress, never on time. Stops when the test is
/// cancelled (the suite's time limit), so a broken coalescer fails instead of spinning.
private func until(_ condition: () async -> Bool) async throws {
    while await !condition() {
        try Task.checkCancellation()
        await Task.yield()
    }
}

extension Result where Failure == any Error {
    fileprivate init(catching body: () async throws -> Success) async {
        do {
            self = .success(try await body())
        } catch {
            self = .failure(error)
        }
    }
}
