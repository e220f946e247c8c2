/// A ``TranslationCacheStore`` in memory: least recently used entries go first once the entries
/// pass a budget of bytes, and entries expire by an injected clock, so tests need not sleep.
///
/// An entry costs ``TranslationCacheKey/byteCount`` plus the UTF-8 bytes of its value. An entry
/// larger than the whole budget is not kept. Expired entries are removed when read, when they reach
/// the least recently used end, or by ``removeExpired()``.
///
/// ```swift
/// let store = MemoryCacheStore(maximumBytes: 16 << 20)   // 16 MiB on the continuous clock
/// try await store.set(key, value: "Hello", expiresIn: .seconds(3600))
/// ```
public actor MemoryCacheStore<C: Clock>: TranslationCacheStore where C.Duration == Duration {
    /// The budget: the most bytes the entries may take together.
    public let maximumBytes: Int
    private let clock: C

    private struct Node {
        var key: TranslationCacheKey
        var value: String
        var expiresAt: C.Instant?
        var size: Int
        var newer: Int?  // towards the most recently used
        var older: Int?  // towards the least recently used
    }

    // An intrusive doubly linked list over an array, so every operation is O(1).
    private var nodes: [Node?] = []
    private var freeSlots: [Int] = []
    private var index: [TranslationCacheKey: Int] = [:]
    private var newest: Int?
    private var oldest: Int?
    private var bytes = 0
    private var evictions = 0
    private var expirations = 0

    /// Creates an empty store.
    /// - Parameters:
    ///   - maximumBytes: the budget: the most bytes the entries may take together.
    ///   - clock: the clock that expiry is measured on.
    public init(maximumBytes: Int, clock: C) {
        self.maximumBytes = max(0, maximumBytes)
        self.clock = clock
    }

    /// The entry for a key, or nil when there is none or it has expired; a hit becomes the most
    /// recently used entry.
    /// - Parameters:
    ///   - key: the key.
    public func get(_ key: TranslationCacheKey) -> TranslationCacheEntry? {
        guard let slot = index[key], let node = nodes[slot] else { return nil }
        let now = clock.now
        if let expiresAt = node.expiresAt, expiresAt <= now {
            unlink(slot)
            expirations += 1
            return nil
        }
        moveToNewest(slot)
        return TranslationCacheEntry(value: node.value, expiresIn: node.expiresAt.map { now.duration(to: $0) })
    }

    /// Stores a translation as the most recently used entry, replacing any entry for the key, then
    /// drops least recently used entries until the budget is met.
    /// - Parameters:
    ///   - key: the key.
    ///   - value: the translation.
    ///   - expiresIn: how long the entry lives; nil for as long as there is room. Zero or less
    ///     stores nothing.
    public func set(_ key: TranslationCacheKey, value: String, expiresIn: Duration?) {
        if let slot = index[key] { unlink(slot) }
        let size = key.byteCount + value.utf8.count
        guard size <= maximumBytes else { return }
        if let expiresIn, expiresIn <= .zero { return }

        let node = Node(
            key: key, value: value, expiresAt: expiresIn.map { clock.now.advanced(by: $0) }, size: size,
            newer: nil, older: newest
        )
        let slot: Int
        if let free = freeSlots.popLast() {
            slot = free
            nodes[slot] = node
        } else {
            slot = nodes.count
            nodes.append(node)
        }
        if let previous = newest { nodes[previous]?.newer = slot }
        newest = slot
        if oldest == nil { oldest = slot }
        index[key] = slot
        bytes += size

        let now = clock.now
        while bytes > maximumBytes, let victim = oldest {
            if let expiresAt = nodes[victim]?.expiresAt, expiresAt <= now {
                expirations += 1
            } else {
                evictions += 1
            }
            unlink(victim)
        }
    }

    /// Removes the entry for a key, if there is one.
    /// - Parameters:
    ///   - key: the key.
    public func remove(_ key: TranslationCacheKey) {
        if let slot = index[key] { unlink(slot) }
    }

    /// Removes every expired entry; a sweeper service can call this now and then.
    /// - Returns: how many entries were removed.
    @discardableResult
    public func removeExpired() -> Int {
        let now = clock.now
        var removed = 0
        var cursor = oldest
        while let slot = cursor, let node = nodes[slot] {
            cursor = node.newer
            if let expiresAt = node.expiresAt, expiresAt <= now {
                unlink(slot)
                removed += 1
            }
        }
        expirations += removed
        return removed
    }

    /// Entries, bytes, evictions and expirations.
    public func counters() -> TranslationCacheStoreCounters? {
        TranslationCacheStoreCounters(
            entries: index.count, bytes: bytes, evictions: evictions, expirations: expirations
        )
    }

    /// The keys from most to least recently used.
    public var keysByRecency: [TranslationCacheKey] {
        var keys: [TranslationCacheKey] = []
        var cursor = newest
        while let slot = cursor, let node = nodes[slot] {
            keys.append(node.key)
            cursor = node.older
        }
        return keys
    }

    private func moveToNewest(_ slot: Int) {
        guard newest != slot, let node = nodes[slot] else { return }
        // Detach.
        if let newer = node.newer { nodes[newer]?.older = node.older }
        if let older = node.older { nodes[older]?.newer = node.newer } else { oldest = node.newer }
        // Attach at the newest end.
        nodes[slot]?.older = newest
        nodes[slot]?.newer = nil
        if let previous = newest { nodes[previous]?.newer = slot }
        newest = slot
    }

    private func unlink(_ slot: Int) {
        guard let node = nodes[slot] else { return }
        if let newer = node.newer { nodes[newer]?.older = node.older } else { newest = node.older }
        if let older = node.older { nodes[older]?.newer = node.newer } else { oldest = node.newer }
        nodes[slot] = nil
        freeSlots.append(slot)
        index[node.key] = nil
        bytes -= node.size
    }
}

extension MemoryCacheStore where C == ContinuousClock {
    /// Creates an empty store whose entries expire on the continuous clock.
    /// - Parameters:
    ///   - maximumBytes: the budget: the most bytes the entries may take together.
    public init(maximumBytes: Int) {
        self.init(maximumBytes: maximumBytes, clock: ContinuousClock())
    }
}
