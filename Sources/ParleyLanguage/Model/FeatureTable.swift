/// An open-addressing hash table from 64-bit feature keys to row numbers.
struct FeatureTable: Sendable {
    private let keys: [UInt64]
    private let rows: [Int32]
    private let mask: Int

    /// The number of keys.
    let count: Int

    /// Builds the table; `keys[i]` gets row `i`.
    init(keys input: [UInt64]) {
        var capacity = 16
        while capacity < input.count * 2 { capacity <<= 1 }
        var keys = [UInt64](repeating: 0, count: capacity)
        var rows = [Int32](repeating: -1, count: capacity)
        let mask = capacity - 1
        for (row, key) in input.enumerated() {
            var slot = Int(truncatingIfNeeded: key) & mask
            while rows[slot] >= 0 && keys[slot] != key { slot = (slot + 1) & mask }
            keys[slot] = key
            rows[slot] = Int32(row)
        }
        self.keys = keys
        self.rows = rows
        self.mask = mask
        self.count = input.count
    }

    @inline(__always)
    func row(for key: UInt64) -> Int? {
        var slot = Int(truncatingIfNeeded: key) & mask
        while true {
            let row = rows[slot]
            if row < 0 { return nil }
            if keys[slot] == key { return Int(row) }
            slot = (slot + 1) & mask
        }
    }

    var memoryFootprint: Int { keys.count * 8 + rows.count * 4 }
}
