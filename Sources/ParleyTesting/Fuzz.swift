internal import Foundation
public import PropertyBased
internal import Synchronization
public import Testing

/// Seeded, bounded property checks for hostile input, over PropertyBased's generators.
///
/// Every property runs a fixed number of cases from a fixed seed, so a run repeats exactly and a
/// failure names the seed and the case that reproduce it. PropertyBased's own `propertyCheck`
/// draws a new seed on every run; here the seed is fixed unless asked otherwise:
/// - `PARLEY_FUZZ_SEED`: the seed (a decimal number); 20261124 by default.
/// - `PARLEY_FUZZ_ITERATIONS`: cases per property, in place of each property's default (run longer).
/// - `PARLEY_FUZZ_CASE`: run only this case of each property (to reproduce a failure).
/// - `PARLEY_FUZZ_TRACE`: name each case on standard error as it starts (to find the case of a crash).
///
/// ```swift
/// await Fuzz.check("forms never crash", cases: 200, input: Hostile.mutated([seedForm])) { bytes in
///     try Fuzz.require(WebhookForm.parses(bytes), "refused")
/// }
/// ```
public enum Fuzz {
    /// The seed every property starts from.
    public static let seed: UInt64 = environment("PARLEY_FUZZ_SEED").flatMap { UInt64($0) } ?? 20_261_124
    /// Cases per property when set, in place of each property's default.
    public static let iterations: Int? = environment("PARLEY_FUZZ_ITERATIONS").flatMap { Int($0) }.map { max(1, $0) }
    /// The one case to run, when set.
    public static let onlyCase: Int? = environment("PARLEY_FUZZ_CASE").flatMap { Int($0) }
    /// Whether to name each case on standard error as it starts (`PARLEY_FUZZ_TRACE=1`): a crash ends
    /// the process before its case can be reported, and the last line names it.
    public static let traces = environment("PARLEY_FUZZ_TRACE") != nil

    /// A broken property: what was wrong with the answer to one input.
    public struct Failure: Error, CustomStringConvertible {
        public var message: String
        public init(_ message: String) { self.message = message }
        public var description: String { message }
    }

    /// Throws a ``Failure`` with the message unless the condition holds.
    /// - Parameters:
    ///   - condition: the property.
    ///   - message: what is wrong when it does not hold.
    public static func require(_ condition: Bool, _ message: @autoclosure () -> String) throws(Failure) {
        if !condition { throw Failure(message()) }
    }

    /// What a property check did.
    public struct Report: Sendable {
        /// Cases run.
        public var cases: Int
        /// Whether every case held.
        public var passed: Bool
    }

    /// Runs a property over generated inputs: the cases of a seeded sequence, stopping at the first
    /// that fails, which is recorded as a test issue with its seed, case number and input.
    /// - Parameters:
    ///   - property: the property's name (it also varies the seed, so properties do not share inputs).
    ///   - cases: how many inputs to try (``iterations`` overrides it).
    ///   - input: makes one input from a random number generator.
    ///   - describe: the input as the failure shows it.
    ///   - body: checks one input; throws (a ``Failure`` or any error) when the property breaks.
    @discardableResult
    public static func check<Value>(
        _ property: String, cases: Int, input: Generator<Value, some Sequence>,
        describe: (Value) -> String = { "\($0)" },
        sourceLocation: SourceLocation = #_sourceLocation,
        _ body: (Value) async throws -> Void
    ) async -> Report {
        let total = iterations ?? cases
        let range = onlyCase.map { $0...$0 } ?? 0...(total - 1)
        var ran = 0
        for index in range {
            var rng = generator(property: property, case: index)
            let value = input.run(using: &rng)
            ran += 1
            if traces {
                FileHandle.standardError.write(Data("fuzz: '\(property)' case \(index) (PARLEY_FUZZ_SEED=\(seed))\n".utf8))
            }
            do {
                try await body(value)
            } catch {
                let shown = describe(value)
                Issue.record(
                    """
                    Property '\(property)' failed on case \(index) of \(total): \(error)
                    Reproduce with PARLEY_FUZZ_SEED=\(seed) PARLEY_FUZZ_CASE=\(index).
                    Input: \(shown.count > 4_000 ? String(shown.prefix(4_000)) + "… (\(shown.count) characters)" : shown)
                    """,
                    sourceLocation: sourceLocation)
                return Report(cases: ran, passed: false)
            }
        }
        return Report(cases: ran, passed: true)
    }

    /// The random number generator of one case of one property: xoshiro256** seeded by SplitMix64
    /// from the seed, the property's name (FNV-1a, stable across runs) and the case number.
    public static func generator(property: String, case index: Int) -> Xoshiro {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in property.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        var state = seed ^ hash ^ (UInt64(truncatingIfNeeded: index) &* 0x9e37_79b9_7f4a_7c15)
        func next() -> UInt64 {
            state &+= 0x9e37_79b9_7f4a_7c15
            var z = state
            z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
            z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
            return z ^ (z >> 31)
        }
        return Xoshiro(seed: (next(), next(), next(), next()))
    }

    /// A time limit was reached.
    public struct TimedOut: Error, CustomStringConvertible {
        public var what: String
        public var seconds: Double
        public var description: String { "no answer within \(seconds) s: \(what) hangs" }
    }

    /// Runs an operation with a time limit. The operation runs in a task of its own, so a hang is
    /// reported as ``TimedOut`` instead of stopping the test run (the hung task is cancelled and
    /// left behind).
    /// - Parameters:
    ///   - seconds: the limit.
    ///   - what: what is being waited for, for the error.
    ///   - operation: the work.
    public static func withTimeout<T: Sendable>(
        _ seconds: Double, _ what: String, _ operation: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        let race = Race<T>()
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            race.start(continuation)
            let work = Task {
                do {
                    race.finish(.success(try await operation()))
                } catch {
                    race.finish(.failure(error))
                }
            }
            race.time(
                Task {
                    try? await Task.sleep(for: .seconds(seconds))
                    guard !Task.isCancelled else { return }
                    if race.finish(.failure(TimedOut(what: what, seconds: seconds))) { work.cancel() }
                })
        }
    }

    /// The first of an operation and its timer to finish resumes the waiter (and stops the timer).
    private final class Race<T: Sendable>: Sendable {
        private struct State {
            var waiter: CheckedContinuation<T, any Error>?
            var timer: Task<Void, Never>?
            var finished = false
        }
        private let state = Mutex(State())

        func start(_ continuation: CheckedContinuation<T, any Error>) {
            state.withLock { $0.waiter = continuation }
        }

        func time(_ timer: Task<Void, Never>) {
            let finished = state.withLock { state -> Bool in
                state.timer = timer
                return state.finished
            }
            if finished { timer.cancel() }
        }

        /// Resumes the waiter, unless the other side did; whether this call did.
        @discardableResult
        func finish(_ result: Result<T, any Error>) -> Bool {
            let (waiter, timer) = state.withLock { state -> (CheckedContinuation<T, any Error>?, Task<Void, Never>?) in
                defer {
                    state.waiter = nil
                    state.finished = true
                }
                return (state.waiter, state.timer)
            }
            timer?.cancel()
            waiter?.resume(with: result)
            return waiter != nil
        }
    }

    /// Bytes as printable text: ASCII as it is (but `\`), everything else `\xNN`.
    public static func escaped(_ bytes: some Collection<UInt8>) -> String {
        var text = ""
        for byte in bytes {
            switch byte {
            case 0x5C: text += "\\\\"
            case 0x0A: text += "\\n"
            case 0x0D: text += "\\r"
            case 0x09: text += "\\t"
            case 0x20...0x7E: text.unicodeScalars.append(Unicode.Scalar(byte))
            default: text += "\\x" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return text
    }

    private static func environment(_ name: String) -> String? {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else { return nil }
        return value
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
