/// Scores words against some of a model's classes: sums quantized `-ln p` per feature order and
/// class, as integers, and weighs them only at the end.
///
/// On the hot path: each n-gram's hash extends the previous one's (FNV-1a is one step per scalar),
/// and the sums live in one buffer reused from word to word (``reset()`` reuses it across texts).
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
        fileprivate var anyImputed = false

        init(names: [String], model: LanguageModel) {
            for name in names {
                guard !self.names.contains(name), let index = model.classIndex(name) else { continue }
                self.names.append(name)
                indices.append(index)
                imputesWords.append(!model.hasWords[index])
            }
            anyImputed = imputesWords.contains(true)
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
    /// The n-gram features of the word being added.
    private var pending: [Feature] = []

    private struct Feature {
        var hash: UInt64
        /// Where its order's sums start.
        var base: Int
        /// The key in its home slot, read before probing.
        var home: UInt64 = 0
    }

    init(model: LanguageModel, classes: Classes) {
        self.table = model.table
        self.maxOrder = model.maxOrder
        self.scale = Double(model.scale)
        self.classes = classes
        self.sums = [Int32](repeating: 0, count: (model.maxOrder + 1) * classes.indices.count)
    }

    /// Forgets every word added, keeping the memory.
    mutating func reset() {
        for index in sums.indices { sums[index] = 0 }
    }

    /// Adds a word's features: the whole word, and the n-grams of the word padded with a space on
    /// each side.
    mutating func add(word: [UInt32]) {
        word.withUnsafeBufferPointer { add(word: $0) }
    }

    /// Adds a word's features: the whole word, and the n-grams of the word padded with a space on
    /// each side.
    ///
    /// The table is larger than the CPU's nearer caches, so every lookup may wait for memory: the
    /// word's feature hashes are computed first and all their home slots read, so that those waits
    /// overlap, and only then probed. Sums are integers, so the order of additions does not matter.
    mutating func add(word: UnsafeBufferPointer<UInt32>) {
        let table = table
        let maxOrder = maxOrder
        let count = classes.indices.count
        let anyImputed = classes.anyImputed
        // The whole word: the word mark, then its letters.
        var wordHash = (FeatureHash.offset ^ UInt64(FeatureHash.wordMark)) &* FeatureHash.prime
        for scalar in word { wordHash = (wordHash ^ UInt64(scalar)) &* FeatureHash.prime }
        // The n-grams of " word ", each order's hash extending the one before.
        pending.removeAll(keepingCapacity: true)
        let length = word.count + 2
        pending.reserveCapacity(length * maxOrder)  // at most maxOrder n-grams start at each position
        for start in 0..<length {
            let first: UInt32 = start == 0 ? 0x20 : (start == length - 1 ? 0x20 : word[start - 1])
            var hash = (FeatureHash.offset ^ UInt64(first)) &* FeatureHash.prime
            if first != 0x20 { pending.append(Feature(hash: hash, base: count)) }
            let top = min(maxOrder, length - start)
            if top < 2 { continue }
            for order in 2...top {
                let position = start + order - 1
                let scalar: UInt32 = position == length - 1 ? 0x20 : word[position - 1]
                hash = (hash ^ UInt64(scalar)) &* FeatureHash.prime
                pending.append(Feature(hash: hash, base: order &* count))
            }
        }
        let wordHome = table.homeKey(of: wordHash)
        pending.withUnsafeMutableBufferPointer { pending in
            for index in pending.indices { pending[index].home = table.homeKey(of: pending[index].hash) }
        }
        classes.indices.withUnsafeBufferPointer { indices in
            classes.absent.withUnsafeBufferPointer { absent in
                classes.imputesWords.withUnsafeBufferPointer { imputes in
                    pending.withUnsafeBufferPointer { pending in
                        sums.withUnsafeMutableBufferPointer { sums in
                            if let values = table.values(for: wordHash, homeKey: wordHome) {
                                if anyImputed {
                                    Self.addWordFeature(values, count: count, indices: indices, absent: absent, imputes: imputes, sums: sums)
                                } else {
                                    Self.accumulate(values, base: 0, count: count, indices: indices, absent: absent, sums: sums)
                                }
                            }
                            for feature in pending {
                                if let values = table.values(for: feature.hash, homeKey: feature.home) {
                                    Self.accumulate(values, base: feature.base, count: count, indices: indices, absent: absent, sums: sums)
                                }
                            }
                        }
                    }
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
    private static func accumulate(
        _ values: UnsafePointer<UInt8>, base: Int, count: Int, indices: UnsafeBufferPointer<Int>,
        absent: UnsafeBufferPointer<Int32>, sums: UnsafeMutableBufferPointer<Int32>
    ) {
        for slot in 0..<count {
            let quantized = values[indices[slot]]
            sums[base &+ slot] &+= quantized == LanguageModel.absent ? absent[base &+ slot] : Int32(quantized)
        }
    }

    /// A whole-word feature when some class has no word table: that class gets the others' mean,
    /// so it is neither helped nor hurt.
    private static func addWordFeature(
        _ values: UnsafePointer<UInt8>, count: Int, indices: UnsafeBufferPointer<Int>, absent: UnsafeBufferPointer<Int32>,
        imputes: UnsafeBufferPointer<Bool>, sums: UnsafeMutableBufferPointer<Int32>
    ) {
        var imputed = false
        var known: Int32 = 0
        var knownSum: Int32 = 0
        for slot in 0..<count {
            if imputes[slot] {
                imputed = true
                continue
            }
            let quantized = values[indices[slot]]
            let value = quantized == LanguageModel.absent ? absent[slot] : Int32(quantized)
            sums[slot] += value
            knownSum += value
            known += 1
        }
        if imputed, known > 0 {
            for slot in 0..<count where imputes[slot] {
                sums[slot] += knownSum / known
            }
        }
    }
}
