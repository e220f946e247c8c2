internal import CICU
import Synchronization

/// A list of regular expressions compiled once by the system ICU and matched against UTF-16 text
/// that the caller converts once, for code that runs many expressions over the same short text.
///
/// `NSRegularExpression` converts a Swift string to UTF-16 again at every call; with a few hundred
/// expressions over one message that conversion costs more than the matching. Here the caller
/// holds the text's UTF-16 units and every expression reads them in place.
///
/// ICU's compiled expressions are shared; the matching state is not, so each call of
/// ``withMatcher(_:)`` borrows a matcher of its own from a small pool (made by cloning, which shares
/// the compiled form).
public final class ICUPatterns: @unchecked Sendable {
    // `@unchecked`: `template` is only read by `parley_icu_patterns_clone`, under `idle`'s lock;
    // a borrowed matcher is used by one caller at a time.

    /// A pattern ICU could not compile.
    public struct CompileError: Error, CustomStringConvertible {
        /// The position of the pattern in the list.
        public var index: Int
        /// ICU's error code.
        public var code: Int32

        public var description: String { "pattern \(index) does not compile (ICU error \(code))" }
    }

    /// The number of patterns.
    public let count: Int

    /// An ICU pattern list owned by one holder at a time.
    private struct Handle: @unchecked Sendable {
        let pointer: OpaquePointer
    }

    private let template: OpaquePointer
    private let idle = Mutex<[Handle]>([])
    private static let idleLimit = 16

    /// Compiles `patterns` with ICU's default flags.
    public init(_ patterns: [String]) throws(CompileError) {
        let sources = patterns.map { Array($0.utf16) }
        var failed: Int32 = -1
        var error: Int32 = 0
        let lengths = sources.map { Int32($0.count) }
        let pointers = sources.map { source -> UnsafeMutablePointer<UInt16> in
            let pointer = UnsafeMutablePointer<UInt16>.allocate(capacity: max(1, source.count))
            pointer.initialize(from: source, count: source.count)
            return pointer
        }
        defer { pointers.forEach { $0.deallocate() } }
        let opened = pointers.map { Optional(UnsafePointer($0)) }.withUnsafeBufferPointer { list in
            parley_icu_patterns_open(list.baseAddress, lengths, Int32(patterns.count), &failed, &error)
        }
        guard let opened else { throw CompileError(index: Int(failed), code: error) }
        self.template = opened
        self.count = patterns.count
    }

    deinit {
        for handle in idle.withLock({ $0 }) { parley_icu_patterns_close(handle.pointer) }
        parley_icu_patterns_close(template)
    }

    /// Runs `body` with a matcher that no other call uses meanwhile.
    public func withMatcher<Result>(_ body: (Matcher) throws -> Result) rethrows -> Result {
        let handle = borrow()
        defer { giveBack(handle) }
        return try body(Matcher(pointer: handle.pointer, count: count))
    }

    private func borrow() -> Handle {
        let template = Handle(pointer: self.template)
        return idle.withLock { idle -> Handle in
            if let handle = idle.popLast() { return handle }
            var error: Int32 = 0
            guard let clone = parley_icu_patterns_clone(template.pointer, &error) else {
                fatalError("ICU could not copy compiled patterns (error \(error)): out of memory")
            }
            return Handle(pointer: clone)
        }
    }

    private func giveBack(_ handle: Handle) {
        let kept = idle.withLock { idle -> Bool in
            guard idle.count < Self.idleLimit else { return false }
            idle.append(handle)
            return true
        }
        if !kept { parley_icu_patterns_close(handle.pointer) }
    }

    /// Matches the patterns of one ``ICUPatterns`` list; valid only inside the
    /// ``ICUPatterns/withMatcher(_:)`` call that gave it.
    public struct Matcher {
        fileprivate let pointer: OpaquePointer
        fileprivate let count: Int

        fileprivate init(pointer: OpaquePointer, count: Int) {
            self.pointer = pointer
            self.count = count
        }

        /// The UTF-16 offsets of pattern `index`'s first match in `text`, which ends there for `$` and
        /// look-ahead as if nothing followed; nil when there is none.
        public func firstMatch(_ index: Int, in text: UnsafeBufferPointer<UInt16>) -> Range<Int>? {
            precondition(index >= 0 && index < count, "pattern \(index) of \(count)")
            var start: Int32 = 0
            var end: Int32 = 0
            var error: Int32 = 0
            let found = parley_icu_patterns_find(pointer, Int32(index), text.baseAddress, Int32(text.count), &start, &end, &error)
            guard found == 1 else { return nil }
            return Int(start)..<Int(end)
        }
    }
}
