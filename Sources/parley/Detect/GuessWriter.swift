import Foundation
import ParleyLanguage

/// Writes detection results to standard output, one line each.
struct GuessWriter {
    let json: Bool
    private let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    init(json: Bool) { self.json = json }

    func write(_ guess: LanguageGuess) {
        if json, let data = try? encoder.encode(guess) {
            print(String(decoding: data, as: UTF8.self))
        } else {
            print("\(guess.language)\t\(String(format: "%.3f", guess.confidence))")
        }
    }
}
