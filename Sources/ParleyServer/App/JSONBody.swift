internal import ParleyMessaging
internal import Foundation
internal import Hummingbird

/// Request bodies as JSON, with a size limit and errors as problem details.
enum JSONBody {
    /// The largest JSON body a route accepts.
    static let maximumBytes = 64 * 1024

    /// Decodes a request's JSON body.
    /// - Throws: ``Problem`` 413 when the body is too large, 400 when it is not the JSON expected or holds a NUL.
    static func decode<T: Decodable>(_ type: T.Type, from request: Request) async throws -> T {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maximumBytes)
        } catch {
            throw Problem(.contentTooLarge, "Body too large", detail: "The body is over \(maximumBytes / 1024) KiB; send less.")
        }
        let value: T
        do {
            value = try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
        } catch let error as DecodingError {
            throw Problem(.badRequest, "Malformed JSON", detail: "The body is not the JSON this route takes: \(Self.describe(error))")
        }
        // No store keeps a NUL (SQLite cuts the text at it, PostgreSQL refuses it).
        if Self.containsEscapedNUL(buffer.readableBytesView) {
            throw Problem(.badRequest, "NUL character", detail: "A string of the body contains a NUL character (\\u0000); remove it.")
        }
        return value
    }

    /// Whether JSON text holds the escape `\u0000` (valid JSON has no raw NUL byte).
    static func containsEscapedNUL(_ bytes: some Collection<UInt8>) -> Bool {
        let bytes = Array(bytes)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "\\") {
                if index + 5 < bytes.count, bytes[index + 1] == UInt8(ascii: "u"),
                    bytes[(index + 2)...(index + 5)].allSatisfy({ $0 == UInt8(ascii: "0") })
                {
                    return true
                }
                index += 2  // the escaped character, so `\\u0000` is a backslash and text
            } else {
                index += 1
            }
        }
        return false
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, _): "the field '\(key.stringValue)' is missing."
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            "the field '\(context.codingPath.map(\.stringValue).joined(separator: "."))' has the wrong type."
        case .dataCorrupted: "it is not valid JSON."
        @unknown default: "it could not be read."
        }
    }
}
