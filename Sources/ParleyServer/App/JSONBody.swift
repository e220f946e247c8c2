internal import Foundation
internal import Hummingbird

/// Request bodies as JSON, with a size limit and errors as problem details.
enum JSONBody {
    /// The largest JSON body a route accepts.
    static let maximumBytes = 64 * 1024

    /// Decodes a request's JSON body.
    /// - Throws: ``Problem`` 413 when the body is too large, 400 when it is not the JSON expected.
    static func decode<T: Decodable>(_ type: T.Type, from request: Request) async throws -> T {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maximumBytes)
        } catch {
            throw Problem(.contentTooLarge, "Body too large", detail: "The body is over \(maximumBytes / 1024) KiB; send less.")
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
        } catch let error as DecodingError {
            throw Problem(.badRequest, "Malformed JSON", detail: "The body is not the JSON this route takes: \(Self.describe(error))")
        }
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
