internal import ParleyMessaging
internal import Foundation
internal import Hummingbird

/// The `application/x-www-form-urlencoded` body of a provider's webhook, in order, decoded.
struct WebhookForm {
    /// The largest webhook body accepted.
    static let maximumBytes = 64 * 1024

    /// Each parameter, in the order sent.
    var fields: [(name: String, value: String)]

    /// The first value of a parameter.
    subscript(name: String) -> String? { fields.first { $0.name == name }?.value }

    /// Reads and decodes a request's body.
    /// - Throws: ``Problem`` 413 when the body is too large, 400 when it is not a form of UTF-8 text.
    static func read(_ request: Request) async throws -> WebhookForm {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maximumBytes)
        } catch {
            throw Problem(.contentTooLarge, "Body too large", detail: "The webhook body is over \(maximumBytes / 1024) KiB.")
        }
        return try parse(Array(buffer.readableBytesView))
    }

    /// Decodes a form body: `+` is a space, `%XX` a byte, and every name and value must be UTF-8.
    /// - Throws: ``Problem`` 400 when a name or value is not valid UTF-8, holds a NUL or is badly escaped.
    static func parse(_ bytes: [UInt8]) throws -> WebhookForm {
        var fields: [(name: String, value: String)] = []
        for pair in bytes.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            let name = try decode(parts[0])
            let value = parts.count > 1 ? try decode(parts[1]) : ""
            fields.append((name, value))
        }
        return WebhookForm(fields: fields)
    }

    private static func decode(_ encoded: ArraySlice<UInt8>) throws -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(encoded.count)
        var index = encoded.startIndex
        while index < encoded.endIndex {
            let byte = encoded[index]
            if byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%") {
                guard index + 2 < encoded.endIndex,
                    let high = hex(encoded[index + 1]), let low = hex(encoded[index + 2])
                else {
                    throw Problem(.badRequest, "Malformed form", detail: "The body has a '%' not followed by two hex digits.")
                }
                let decoded: UInt8 = (high << 4) | low
                bytes.append(decoded)
                index += 2
            } else {
                bytes.append(byte)
            }
            index += 1
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw Problem(.badRequest, "Invalid UTF-8", detail: "A field of the webhook body is not valid UTF-8 text.")
        }
        // No store keeps a NUL (SQLite cuts the text at it, PostgreSQL refuses it), and no SMS has one.
        guard !bytes.contains(0) else {
            throw Problem(.badRequest, "NUL character", detail: "A field of the webhook body contains a NUL character (%00), which no SMS has; remove it.")
        }
        return text
    }

    private static func hex(_ byte: UInt8) -> UInt8? {
        if byte >= 0x30 && byte <= 0x39 { return byte - 0x30 }  // 0-9
        if byte >= 0x61 && byte <= 0x66 { return byte - 0x61 + 10 }  // a-f
        if byte >= 0x41 && byte <= 0x46 { return byte - 0x41 + 10 }  // A-F
        return nil
    }
}
