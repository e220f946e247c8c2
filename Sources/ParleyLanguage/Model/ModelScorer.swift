/// Scores words against some of a model's classes: sums quantized `-ln p` per feature order and
/// class, as integers, and weighs them only at the end.
struct ModelScorer {
    /// The classes scored, and what each gets for a feature the table has but the class lacks.
    struct Classes: Sendable {
        /// The classes' names, in scoring order.
        var names: [String] = []
        /// The classes' indices in the model.
        var indices: [Int] = []
        /// Per order (0: words, 1…: n-grams) and scored class: the quantized floor.
        fileprivate var absent: [Int32] = []
        /// Per scored class: whether word features are imputed (the class has no word table).
        fileprivate var imputesWords: [Bool] = []

        init(names: [String], model: LanguageModel) {
            for name in names {
                guard !self.names.contains(name), let index = model.classIndex(name) else { continue }
                self.names.append(name)
                indices.append(index)
                imputesWords.append(!model.hasWords[index])
            }
            for order in 0...model.maxOrder {
                for index in indices {
                    absent.append(Int32((-model.floors[index][order] * model.scale).rounded()))
                }
            }
        }
    }

    private let table: FeatureTable
    private let maxOrder: Int
    private let scale: Double
    private let classes: Classes
    private var sums: [Int32]
    private var padded: [UInt32] = []

    init(model: LanguageModel, classes: Classes) {
        self.table = model.table
        self.maxOrder = model.maxOrder
        self.scale = Double(model.scale)
        self.classes = classes
        self.sums = [Int32](repeating: 0, count: (model.maxOrder + 1) * classes.indices.count)
        padded.reserveCapacity(64)
    }

    /// Adds a word's features: the whole word, and the n-grams of the word padded with a space on
    /// each side.
    mutating func add(word: [UInt32]) {
        padded.removeAll(keepingCapacity: true)
        padded.append(FeatureHash.wordMark)
        padded.append(contentsOf: word)
        padded.append(0x20)
        let maxOrder = maxOrder
        padded.withUnsafeBufferPointer { buffer in
            add(FeatureHash.hash(buffer, from: 0, count: buffer.count - 1), order: 0)
        }
        padded[0] = 0x20
        padded.withUnsafeBufferPointer { buffer in
            let length = buffer.count
            for order in 1...min(maxOrder, length) {
                for start in 0...(length - order) where !(order == 1 && buffer[start] == 0x20) {
                    add(FeatureHash.hash(buffer, from: start, count: order), order: order)
                }
            }
        }
    }

    /// The weighted log-likelihood of each class, in `classes` order.
    func scores(weights: FeatureWeights) -> [Double] {
        let count = classes.indices.count
        return (0..<count).map { slot in
            var total = 0.0
            for order in 0...maxOrder {
                let weight = order == 0 ? weights.word : weights.ngram(order)
                total -= weight * Double(sums[order * count + slot])
            }
            return total / scale
        }
    }

    @inline(__always)
    private mutating func add(_ key: UInt64, order: Int) {
        guard let values = table.values(for: key) else { return }
        let count = classes.indices.count
        let base = order * count
        var imputed = false
        var known: Int32 = 0
        var knownSum: Int32 = 0
        classes.indices.withUnsafeBufferPointer { indices in
            classes.absent.withUnsafeBufferPointer { absent in
                sums.withUnsafeMutableBufferPointer { sums in
                    for slot in 0..<count {
                        if order == 0 && classes.imputesWords[slot] {
                            imputed = true
                            continue
                        }
                        let quantized = values[indices[slot]]
                        let value = quantized == LanguageModel.absent ? absent[base + slot] : Int32(quantized)
                        sums[base + slot] += value
                        knownSum += value
                        known += 1
                    }
                }
            }
        }
        // A class without word features gets the others' mean, so it is neither helped nor hurt.
        if imputed, known > 0 {
            for slot in 0..<count where classes.imputesWords[slot] {
                sums[slot] += knownSum / known
            }
        }
    }
}
