import Synchronization

/// The tags ICU has canonicalized lately, so that reading the same few tags again (a contact's
/// language from every stored row, a variant's region at every preview) does not call ICU again.
/// Bounded: emptied when it holds ``capacity`` texts, since tags may come from requests.
final class CanonicalTagMemo: Sendable {
    static let shared = CanonicalTagMemo()

    /// The most texts held at once.
    let capacity: Int
    private let tags = Mutex<[String: String?]>([:])

    init(capacity: Int = 512) {
        self.capacity = max(1, capacity)
    }

    /// The canonical form of `text` (nil when it is not a tag), computed by `canonicalize` the
    /// first time.
    func canonical(_ text: String, _ canonicalize: (String) -> String?) -> String? {
        if let known = tags.withLock({ $0[text] }) { return known }
        let canonical = canonicalize(text)
        tags.withLock { tags in
            if tags.count >= capacity { tags.removeAll(keepingCapacity: true) }
            tags[text] = .some(canonical)
        }
        return canonical
    }

    /// How many texts it holds.
    var count: Int { tags.withLock { $0.count } }
}
