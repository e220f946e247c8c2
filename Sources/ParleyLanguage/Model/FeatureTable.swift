/// An open-addressing hash table from 64-bit feature keys to each class's quantized value.
///
/// Keys and values share one slot (key, then one byte per class), so a lookup usually touches one cache
/// line: detection is bound by memory latency, not arithmetic. Key 0 marks an empty slot.
/// Immutable after `init`, hence safe to share.
final class FeatureTable: @unchecked Sendable {
    /// The number of keys.
    let count: Int
    /// Values per key.
    let classCount: Int
    private let stride: Int
    private let mask: Int
    private let storage: UnsafeMutableRawPointer

    /// Builds the table; `values[i * classCount ..< (i + 1) * classCount]` belong to `keys[i]`.
    /// - Precondition: no key is 0, and `values.count == keys.count * classCount`.
    init(keys: [UInt64], values: [UInt8], classCount: Int) {
        precondition(values.count == keys.count * classCount)
        var capacity = 16
        while capacity * 7 < keys.count * 10 { capacity <<= 1 }  // load factor at most 0.7
        let stride = 8 + classCount  // unaligned and packed: the table should stay within the CPU caches
        let storage = UnsafeMutableRawPointer.allocate(byteCount: capacity * stride, alignment: 64)
        storage.initializeMemory(as: UInt8.self, repeating: 0, count: capacity * stride)
        let mask = capacity - 1
        values.withUnsafeBufferPointer { values in
            keys.withUnsafeBufferPointer { keys in
                for row in 0..<keys.count {
                    let key = keys[row]
                    precondition(key != 0, "feature key 0 is reserved for empty slots")
                    var slot = Int(truncatingIfNeeded: key) & mask
                    while true {
                        let existing = storage.loadUnaligned(fromByteOffset: slot * stride, as: UInt64.self)
                        if existing == 0 || existing == key { break }
                        slot = (slot + 1) & mask
                    }
                    storage.storeBytes(of: key, toByteOffset: slot * stride, as: UInt64.self)
                    (storage + slot * stride + 8).copyMemory(from: values.baseAddress! + row * classCount, byteCount: classCount)
                }
            }
        }
        self.count = keys.count
        self.classCount = classCount
        self.stride = stride
        self.mask = mask
        self.storage = storage
    }

    deinit { storage.deallocate() }

    /// The class values of a key, or nil when the table does not know the feature.
    @inline(__always)
    func values(for key: UInt64) -> UnsafePointer<UInt8>? {
        var slot = Int(truncatingIfNeeded: key) & mask
        while true {
            let offset = slot &* stride
            let existing = storage.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            if existing == key { return UnsafePointer(storage.advanced(by: offset + 8).assumingMemoryBound(to: UInt8.self)) }
            if existing == 0 { return nil }
            slot = (slot &+ 1) & mask
        }
    }

    /// The key in a key's home slot (where its probe starts). Reading the home slots of every feature
    /// of a word before probing any lets the CPU fetch them at once rather than one after another.
    @inline(__always)
    func homeKey(of key: UInt64) -> UInt64 {
        storage.loadUnaligned(fromByteOffset: (Int(truncatingIfNeeded: key) & mask) &* stride, as: UInt64.self)
    }

    /// ``values(for:)`` given the key in its home slot, as ``homeKey(of:)`` read it.
    @inline(__always)
    func values(for key: UInt64, homeKey: UInt64) -> UnsafePointer<UInt8>? {
        let home = Int(truncatingIfNeeded: key) & mask
        if homeKey == key { return UnsafePointer(storage.advanced(by: home &* stride &+ 8).assumingMemoryBound(to: UInt8.self)) }
        if homeKey == 0 { return nil }
        var slot = (home &+ 1) & mask
        while true {
            let offset = slot &* stride
            let existing = storage.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            if existing == key { return UnsafePointer(storage.advanced(by: offset + 8).assumingMemoryBound(to: UInt8.self)) }
            if existing == 0 { return nil }
            slot = (slot &+ 1) & mask
        }
    }

    /// The table's memory, in bytes.
    var memoryFootprint: Int { (mask + 1) * stride }
}
