internal import Hummingbird

/// A URL's query read as an HTML form sends it (`application/x-www-form-urlencoded`): `+` is a
/// space and `%XX` a byte of UTF-8, in names and values alike. Hummingbird's `queryParameters`
/// decodes `%XX` but keeps `+`, so a form's search for "Rosa Díaz" (`?q=Rosa+D%C3%ADaz`) would look
/// for "Rosa+Díaz". Every page and API route reads its query through this, so a search typed into
/// a form and one a client writes with `%20` find the same; a literal plus is `%2B`.
struct FormQuery: Sendable {
    private let pairs: [(name: String, value: String)]

    /// - Parameters:
    ///   - query: the query, without its `?`; nil for none.
    init(_ query: String?) {
        pairs = (query ?? "").split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (Self.decode(parts[0]), parts.count > 1 ? Self.decode(parts[1]) : "")
        }
    }

    /// The first value of `name`, decoded; nil when the query does not have it.
    subscript(_ name: String) -> String? {
        pairs.first { $0.name == name }?.value
    }

    /// Every value of `name`, in order.
    func values(_ name: String) -> [String] {
        pairs.filter { $0.name == name }.map(\.value)
    }

    /// One form-encoded component decoded: `+` a space, `%XX` a byte; a `%` not followed by two hex
    /// digits is kept as written, and bytes that are not UTF-8 become U+FFFD, so nothing is refused.
    static func decode(_ component: Substring) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(component.utf8.count)
        var input = component.utf8[...]
        while let byte = input.popFirst() {
            if byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), input.count >= 2, let high = hex(input[input.startIndex]),
                let low = hex(input[input.index(after: input.startIndex)])
            {
                bytes.append(high << 4 | low)
                input = input.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hex(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

extension Request {
    /// The query, read as an HTML form sends it (see ``FormQuery``).
    var formQuery: FormQuery { FormQuery(uri.query) }
}
