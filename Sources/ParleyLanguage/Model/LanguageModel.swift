/// The statistical language-identification model: per-language log-probabilities of character
/// n-grams and whole words, for the languages that share a script.
///
/// The file is made by `scripts/langid/make-model.sh` and shipped as a resource of this module
/// (`Resources/langid.model`, with its licence in `scripts/langid/SOURCES.md`). Loading takes a few
/// milliseconds; the loaded model is immutable and shared.
public struct LanguageModel: Sendable {
    /// The model's classes, e.g. `en`, `zh` (one class for both Chinese scripts).
    public let classes: [String]
    /// Whether each class has a whole-word table; a class without one (built from n-gram figures
    /// alone) is given the other classes' mean for word features, so it is neither helped nor hurt.
    let hasWords: [Bool]
    /// The longest character n-gram.
    public let maxOrder: Int
    /// Log-probability used for a feature the table knows but not for this class, per class and
    /// order (index 0: whole words; 1…maxOrder: n-grams).
    let floors: [[Float]]
    /// Quantized `-ln p` for each feature row and class; `absent` marks a missing value.
    let values: [UInt8]
    let scale: Float
    let table: FeatureTable

    static let absent: UInt8 = 255

    /// The number of features in the table.
    public var featureCount: Int { table.count }

    /// The memory the model's tables occupy, in bytes.
    public var memoryFootprint: Int {
        values.count + table.memoryFootprint + floors.count * (maxOrder + 1) * MemoryLayout<Float>.size
    }

    /// The index of a class (`es`), if the model has it.
    public func classIndex(_ name: String) -> Int? { classes.firstIndex(of: name) }

    /// Adds the weighted log-likelihood of `word` (Unicode scalar values of one folded word) to
    /// `scores` for the classes in `active`.
    func accumulate(
        word: UnsafeBufferPointer<UInt32>,
        padded: inout [UInt32],
        active: [Int],
        weights: FeatureWeights,
        into scores: inout [Double]
    ) {
        padded.removeAll(keepingCapacity: true)
        padded.append(FeatureHash.wordMark)
        padded.append(contentsOf: word)
        padded.withUnsafeBufferPointer { buffer in
            add(FeatureHash.hash(buffer, from: 0, count: buffer.count), order: 0,
                weight: weights.word, active: active, into: &scores)
        }
        // The padded word: a space on each side.
        padded[0] = 0x20
        padded.append(0x20)
        padded.withUnsafeBufferPointer { buffer in
            let length = buffer.count
            for order in 1...min(maxOrder, length) {
                let weight = weights.ngram(order)
                if weight == 0 { continue }
                for start in 0...(length - order) where !(order == 1 && buffer[start] == 0x20) {
                    add(FeatureHash.hash(buffer, from: start, count: order), order: order,
                        weight: weight, active: active, into: &scores)
                }
            }
        }
    }

    @inline(__always)
    private func add(_ key: UInt64, order: Int, weight: Double, active: [Int], into scores: inout [Double]) {
        guard let row = table.row(for: key) else { return }
        let base = row * classes.count
        values.withUnsafeBufferPointer { values in
            var imputed = 0
            var sum = 0.0
            var known = 0
            for (slot, index) in active.enumerated() {
                if order == 0 && !hasWords[index] {
                    imputed += 1
                    continue
                }
                let quantized = values[base + index]
                let logProbability = quantized == Self.absent ? floors[index][order] : -Float(quantized) / scale
                let value = weight * Double(logProbability)
                scores[slot] += value
                sum += value
                known += 1
            }
            if imputed > 0 {
                let mean = known > 0 ? sum / Double(known) : 0
                for (slot, index) in active.enumerated() where order == 0 && !hasWords[index] {
                    scores[slot] += mean
                }
            }
        }
    }
}

/// How much each kind of feature counts in the model's score.
struct FeatureWeights: Sendable, Hashable {
    var word: Double
    var ngrams: [Double]

    func ngram(_ order: Int) -> Double { order < ngrams.count ? ngrams[order] : 0 }

    static let standard = FeatureWeights(word: 1.0, ngrams: [0, 0.3, 0.5, 0.8, 1.0])
}
