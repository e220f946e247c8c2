#if PostgreSQL
internal import Foundation

/// The `NOTIFY` payloads that carry a commit's events to every replica's listener: JSON arrays of
/// events, each payload well under PostgreSQL's 8,000-byte limit.
enum EventNotification {
    /// The most bytes one payload holds.
    static let payloadLimit = 7_000

    /// A commit's events as payloads, in identifier order.
    /// - Parameters:
    ///   - events: the events the commit wrote.
    static func payloads(_ events: [ThreadEvent]) -> [String] {
        var payloads: [String] = []
        var current: [String] = []
        var size = 2
        for event in events {
            guard let data = try? encoder.encode(event) else { continue }
            let element = String(decoding: data, as: UTF8.self)
            if !current.isEmpty, size + element.utf8.count + 1 > payloadLimit {
                payloads.append("[" + current.joined(separator: ",") + "]")
                current = []
                size = 2
            }
            current.append(element)
            size += element.utf8.count + 1
        }
        if !current.isEmpty { payloads.append("[" + current.joined(separator: ",") + "]") }
        return payloads
    }

    /// The events in a payload; nil when it is not one of ours.
    /// - Parameters:
    ///   - payload: the notification's payload.
    static func events(_ payload: String) -> [ThreadEvent]? {
        try? decoder.decode([ThreadEvent].self, from: Data(payload.utf8))
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        return encoder
    }()

    private static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return decoder
    }()
}
#endif
