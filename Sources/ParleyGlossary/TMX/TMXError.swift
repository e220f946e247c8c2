/// A TMX file that cannot be read, or a document that cannot be written.
public struct TMXError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file, as given to the reader.
    public var file: String?
    /// The line in the file (1-based).
    public var line: Int?
    /// The unit: its `tuid`, or its position (`#3`) when it has none.
    public var unit: String?
    /// What is wrong and what to do.
    public var message: String

    /// - Parameters:
    ///   - file: the file.
    ///   - line: the line.
    ///   - unit: the unit.
    ///   - message: what is wrong and what to do.
    public init(file: String? = nil, line: Int? = nil, unit: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.unit = unit
        self.message = message
    }

    /// `file:line: unit 'id': message`.
    public var description: String {
        var location = file ?? "<tmx>"
        if let line { location += ":\(line)" }
        return unit.map { "\(location): unit '\($0)': \(message)" } ?? "\(location): \(message)"
    }
}
