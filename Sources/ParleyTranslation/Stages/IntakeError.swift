internal import ParleyLanguage

public struct IntakeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure it was. New codes may be added.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Internal: String { case invalidUTF8, tooLong }
        private let value: Internal

        /// The bytes are not well-formed UTF-8.
        public static var invalidUTF8: Self { .init(value: .invalidUTF8) }
        /// The text is longer than the configured limit.
        public static var tooLong: Self { .init(value: .tooLong) }

        public var description: String { value.rawValue }
    }

    /// What kind of failure it was.
    public var code: Code
    /// What went wrong and what to do.
    public var message: String
    /// For ``Code/invalidUTF8``: the offset of the first byte of the ill-formed sequence.
    public var byteOffset: Int?
    /// For ``Code/tooLong``: the text's length in characters.
    public var length: Int?
    /// For ``Code/tooLong``: the limit in characters.
    public var limit: Int?

    /// - Parameters:
    ///   - code: What kind of failure it was.
    ///   - message: What went wrong and what to do.
    ///   - byteOffset: Where the ill-formed UTF-8 starts.
    ///   - length: The text's length in characters.
    ///   - limit: The limit in characters.
    public init(_ code: Code, message: String, byteOffset: Int? = nil, length: Int? = nil, limit: Int? = nil) {
        self.code = code
        self.message = message
        self.byteOffset = byteOffset
        self.length = length
        self.limit = limit
    }

    static func invalidUTF8(at offset: Int, bytes: [UInt8], reason: String) -> Self {
        let shown = bytes.map { "0x" + String($0, radix: 16, uppercase: true) }.joined(separator: " ")
        return IntakeError(
            .invalidUTF8,
            message: "The message is not valid UTF-8 at byte offset \(offset) (\(shown)): \(reason). "
                + "Nothing was replaced or translated. Check the character set the SMS provider or webhook "
                + "delivers (it may be Latin-1 or UTF-16) and decode it to UTF-8 before intake.",
            byteOffset: offset)
    }

    static func tooLong(length: Int, limit: Int) -> Self {
        IntakeError(
            .tooLong,
            message: "The message is \(length) characters long, over the limit of \(limit) characters "
                + "(about \(max(1, limit / 160)) SMS segments). Nothing was truncated or translated. "
                + "Ask the sender to split it, or raise IntakeStage.Configuration.maximumLength.",
            length: length, limit: limit)
    }

    public var description: String { "intake: \(code): \(message)" }
}
