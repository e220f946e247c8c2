/// A phone number could not be parsed; ``message`` says what is wrong and how to write it.
public struct PhoneNumberError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem it was.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Value: String {
            case empty, invalidCharacter, invalidCountryCode, wrongLength
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// No digits at all.
        public static var empty: Self { Self(.empty) }
        /// A letter or symbol that has no place in a phone number.
        public static var invalidCharacter: Self { Self(.invalidCharacter) }
        /// The country calling code is missing or not a valid one.
        public static var invalidCountryCode: Self { Self(.invalidCountryCode) }
        /// Too few or too many digits.
        public static var wrongLength: Self { Self(.wrongLength) }

        public var description: String { value.rawValue }
    }

    /// What kind of problem it was.
    public var code: Code
    /// What is wrong and how to write the number, in one or two sentences.
    public var message: String

    /// - Parameters:
    ///   - code: what kind of problem it was.
    ///   - message: what is wrong and what to do.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
