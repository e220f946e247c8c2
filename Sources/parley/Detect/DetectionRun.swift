import ArgumentParser
import Foundation
import ParleyLanguage

#if canImport(Glibc)
    import Glibc
#endif

/// The work `parley bench detect` measures as a whole process (`parley detect --bench-run FILE`): load
/// the bundled model, detect every text of a labelled TSV file `rounds` times, and print one line
/// with what was done, so the CPU time of this process compares with a native detector's over the
/// same texts.
struct DetectionRun {
    /// The TSV file (`lang<TAB>text`, with a header).
    let path: String
    /// How many times every text is detected; 0 only loads the model.
    let rounds: Int

    /// Runs and prints `detected N texts (T x R rounds), checksum C, load-cpu-us L`.
    func run() throws {
        let contents: String
        do {
            contents = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ValidationError("cannot read \(path) as UTF-8 text: \(error.localizedDescription)")
        }
        let texts: [String]
        do {
            texts = try DetectionEvaluation.samples(fromTSV: contents).map(\.text)
        } catch {
            throw ValidationError("\(path): \(error.message)")
        }
        let before = Self.cpuMicroseconds()
        let detector: LanguageDetector
        do {
            detector = try LanguageDetector()
        } catch {
            throw ValidationError(error.message)
        }
        let load = Self.cpuMicroseconds() - before
        var checksum: UInt64 = 0
        for _ in 0..<rounds {
            for guess in detector.detect(texts) {
                checksum = checksum &* 31 &+ UInt64(guess.language.identifier.utf8.count)
                    &+ UInt64(guess.confidence * 1_000)
            }
        }
        print("detected \(texts.count * rounds) texts (\(texts.count) x \(rounds) rounds), checksum \(checksum), load-cpu-us \(load)")
    }

    /// This process's CPU time so far (user and system), in microseconds.
    static func cpuMicroseconds() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1_000_000 + usage.ru_utime.tv_usec + usage.ru_stime.tv_usec
    }
}
