/// The 64-bit FNV-1a hash of a feature, one step per Unicode scalar value.
///
/// `scripts/langid/train.py` computes the same function: keep the two in step.
enum FeatureHash {
    static let offset: UInt64 = 0xCBF2_9CE4_8422_2325
    static let prime: UInt64 = 0x0000_0100_0000_01B3

    /// The mark that starts a whole-word feature.
    static let wordMark: UInt32 = 1

    @inline(__always)
    static func hash(_ scalars: UnsafeBufferPointer<UInt32>, from start: Int, count: Int) -> UInt64 {
        var hash = offset
        for index in start..<(start + count) {
            hash = (hash ^ UInt64(scalars[index])) &* prime
        }
        return hash
    }

    static func hash(_ text: String) -> UInt64 {
        var hash = offset
        for scalar in text.unicodeScalars {
            hash = (hash ^ UInt64(scalar.value)) &* prime
        }
        return hash
    }
}
