public import Foundation

extension LanguageModel {
    /// The model shipped with Parley, loaded once and shared.
    public static func bundled() throws(LanguageModelError) -> LanguageModel {
        try bundledResult.get()
    }

    /// Where the bundled model file is, if the resource bundle is present.
    public static var bundledURL: URL? { Bundle.module.url(forResource: "langid", withExtension: "model") }

    private static let bundledResult: Result<LanguageModel, LanguageModelError> = {
        guard let url = bundledURL else {
            return .failure(LanguageModelError(
                "the bundled language model (langid.model) is missing from the ParleyLanguage resources; "
                    + "rebuild the package or run scripts/langid/make-model.sh"))
        }
        return Result { () throws(LanguageModelError) in try LanguageModel(contentsOf: url) }
    }()

    /// Loads a model file written by `scripts/langid/train.py`.
    /// - Parameter url: the file's location.
    public init(contentsOf url: URL) throws(LanguageModelError) {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw LanguageModelError("cannot read the language model at \(url.path): \(error.localizedDescription)")
        }
        try self.init(data: data, source: url.lastPathComponent)
    }

    /// Parses a model from its bytes.
    /// - Parameters:
    ///   - data: the model file's bytes.
    ///   - source: a name for error messages.
    public init(data: Data, source: String = "model") throws(LanguageModelError) {
        var reader = ByteReader(bytes: [UInt8](data), source: source)
        guard try reader.bytes(4) == Array("PLID".utf8) else {
            throw LanguageModelError("\(source) is not a Parley language model (bad magic number)")
        }
        let version = try reader.integer(UInt16.self)
        guard version == 1 else {
            throw LanguageModelError("\(source) has format version \(version); this Parley reads version 1")
        }
        let classCount = Int(try reader.integer(UInt16.self))
        let maxOrder = Int(try reader.integer(UInt8.self))
        _ = try reader.bytes(3)
        let scale = try reader.float()
        guard classCount > 0, (1...8).contains(maxOrder), scale > 0 else {
            throw LanguageModelError("\(source) has an invalid header")
        }
        var classes: [String] = []
        var hasWords: [Bool] = []
        for _ in 0..<classCount {
            let length = Int(try reader.integer(UInt8.self))
            classes.append(String(decoding: try reader.bytes(length), as: UTF8.self))
            hasWords.append(try reader.integer(UInt8.self) & 1 != 0)
        }
        var floors: [[Float]] = []
        for _ in 0..<classCount {
            floors.append(try (0...maxOrder).map { _ throws(LanguageModelError) in try reader.float() })
        }
        let featureCount = Int(try reader.integer(UInt32.self))
        let keys = try reader.integers64(featureCount)
        let values = try reader.bytes(featureCount * classCount)
        guard reader.isAtEnd else {
            throw LanguageModelError("\(source) has \(reader.remaining) unexpected bytes at its end")
        }
        guard !keys.contains(0) else {
            throw LanguageModelError("\(source) has a feature with the reserved key 0; rebuild it with scripts/langid/make-model.sh")
        }
        guard zip(keys, keys.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw LanguageModelError(
                "\(source) has feature keys out of order or twice; rebuild it with scripts/langid/make-model.sh")
        }
        self.classes = classes
        self.hasWords = hasWords
        self.maxOrder = maxOrder
        self.floors = floors
        self.scale = scale
        self.table = FeatureTable(keys: keys, values: values, classCount: classCount)
    }
}

/// A language model that could not be loaded.
public struct LanguageModelError: Error, CustomStringConvertible, Sendable {
    /// What went wrong and what to do.
    public let message: String

    init(_ message: String) { self.message = message }

    public var description: String { message }
}

/// Reads little-endian values from a byte array, with bounds checks.
private struct ByteReader {
    let bytes: [UInt8]
    let source: String
    var offset = 0

    var isAtEnd: Bool { offset == bytes.count }
    var remaining: Int { bytes.count - offset }

    mutating func bytes(_ count: Int) throws(LanguageModelError) -> [UInt8] {
        guard count >= 0, count <= remaining else {
            throw LanguageModelError("\(source) is truncated at byte \(offset); rebuild it with scripts/langid/make-model.sh")
        }
        defer { offset += count }
        return Array(bytes[offset..<(offset + count)])
    }

    /// `count` little-endian 64-bit integers, read in one pass.
    mutating func integers64(_ count: Int) throws(LanguageModelError) -> [UInt64] {
        guard count >= 0, count <= remaining / 8 else {
            throw LanguageModelError("\(source) is truncated at byte \(offset); rebuild it with scripts/langid/make-model.sh")
        }
        let start = offset
        offset += count * 8
        return bytes.withUnsafeBytes { raw in
            (0..<count).map { UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: start + $0 * 8, as: UInt64.self)) }
        }
    }

    mutating func integer<T: FixedWidthInteger>(_ type: T.Type) throws(LanguageModelError) -> T {
        let raw = try bytes(MemoryLayout<T>.size)
        return raw.reversed().reduce(T.zero) { ($0 << 8) | T($1) }
    }

    mutating func float() throws(LanguageModelError) -> Float {
        Float(bitPattern: try integer(UInt32.self))
    }
}
