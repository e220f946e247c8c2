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
    let scale: Float
    let table: FeatureTable

    static let absent: UInt8 = 255

    /// The number of features in the table.
    public var featureCount: Int { table.count }

    /// The memory the model's tables occupy, in bytes.
    public var memoryFootprint: Int {
        table.memoryFootprint + floors.count * (maxOrder + 1) * MemoryLayout<Float>.size
    }

    /// The index of a class (`es`), if the model has it.
    public func classIndex(_ name: String) -> Int? { classes.firstIndex(of: name) }
}

/// How much each kind of feature counts in the model's score.
struct FeatureWeights: Sendable, Hashable {
    var word: Double
    var ngrams: [Double]

    func ngram(_ order: Int) -> Double { order < ngrams.count ? ngrams[order] : 0 }

    static let standard = FeatureWeights(word: 1.0, ngrams: [0, 0.3, 0.5, 0.8, 1.0])
}
