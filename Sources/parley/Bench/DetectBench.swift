import ArgumentParser
import Foundation
import ParleyLanguage

#if canImport(Glibc)
    import Glibc
#endif

/// `parley bench detect`: language detection in process (throughput on one core, model load time and
/// memory, accuracy as `parley detect --eval` computes it), then as whole processes beside its
/// yardstick, CLD2 native (`Benchmarks/CLD2/cld2-detect.cc` over Debian's libcld2), in the same run:
/// each detects the same texts the same number of times, and each child's CPU time (user and system,
/// from `wait4`) is compared.
struct DetectBench {
    /// The labelled TSV file (`lang<TAB>text`).
    let messages: String
    /// How many times every text is detected.
    let rounds: Int
    /// How many times each whole-process measurement is taken (the median is printed).
    var repeats = 3

    func run() throws {
        try inProcess()
        try wholeProcess()
    }

    private func inProcess() throws {
        let loadStart = ContinuousClock.now
        guard let url = LanguageModel.bundledURL else { throw ValidationError("the bundled language model is missing; rebuild Parley") }
        let model = try LanguageModel(contentsOf: url)
        let loadTime = ContinuousClock.now - loadStart
        let detector = try LanguageDetector(model: model)
        let samples = try Self.samples(messages)
        let texts = samples.map(\.text)

        var checksum = 0
        for text in texts { checksum &+= detector.detect(text).language.identifier.count }  // warm-up
        let seconds = Self.measure {
            for _ in 0..<rounds {
                for text in texts { checksum &+= detector.detect(text).language.identifier.count }
            }
        }
        let batchSeconds = Self.measure {
            for _ in 0..<rounds {
                for guess in detector.detect(texts) { checksum &+= guess.language.identifier.count }
            }
        }
        let count = texts.count * rounds
        let characters = texts.reduce(0) { $0 + $1.unicodeScalars.count }
        print("detect: \(count) messages (mean \(characters / texts.count) characters) in \(Self.format(seconds)) s on one core, "
              + "\(Int(Double(count) / seconds)) messages/s; as batches of \(texts.count): \(Int(Double(count) / batchSeconds)) messages/s")
        print("detect: model \(model.classes.count) classes, \(model.featureCount) features, "
              + "\(model.memoryFootprint / 1_048_576) MiB in memory, loaded in \(loadTime)")
        if checksum == 0 { print("") }

        // Accuracy on the same messages, computed as `parley detect --eval` computes it.
        let evaluation = DetectionEvaluation(samples: samples, detector: detector)
        let short = evaluation.macroAverage(.short).map { ", ≤20 characters macro \(String(format: "%.1f", $0)) %" } ?? ""
        print("detect: accuracy on \(messages) (\(samples.count) messages, as parley detect --eval): "
              + "macro \(String(format: "%.1f", evaluation.macroAverage)) %, micro \(String(format: "%.1f", evaluation.microAverage)) %\(short)")
    }

    /// Parley and CLD2 as whole processes over the same texts and rounds, taking turns.
    private func wholeProcess() throws {
        let cld2 = try Self.yardstick()
        let parley = try Self.executablePath()
        let parleyRun = [parley, "detect", "--bench-run", messages, "--bench-rounds"]
        let cld2Run = [cld2, messages, "--rounds"]
        var parleyTimes: [Double] = []
        var cld2Times: [Double] = []
        var parleyStartTimes: [Double] = []
        var cld2StartTimes: [Double] = []
        var parleyOutput = ""
        var cld2Output = ""
        let loadBefore = Self.loadAverage()
        for _ in 0..<max(1, repeats) {
            let p = try Self.runChild(parleyRun + ["\(rounds)"])
            let c = try Self.runChild(cld2Run + ["\(rounds)"])
            let p0 = try Self.runChild(parleyRun + ["0"])
            let c0 = try Self.runChild(cld2Run + ["1"])
            parleyTimes.append(p.cpuSeconds)
            cld2Times.append(c.cpuSeconds)
            parleyStartTimes.append(p0.cpuSeconds)
            cld2StartTimes.append(c0.cpuSeconds)
            parleyOutput = p.output
            cld2Output = c.output
        }
        let loadAfter = Self.loadAverage()
        let parleyCPU = Self.median(parleyTimes)
        let cld2CPU = Self.median(cld2Times)
        let count = Self.field("detected", in: parleyOutput) ?? "?"
        print("detect: whole process, \(count) texts (\(messages) × \(rounds) rounds), CPU user+sys, median of \(max(1, repeats)):")
        print("detect:   Parley \(Self.format(parleyCPU)) s (runs \(parleyTimes.map(Self.format).joined(separator: ", "))), "
              + "CLD2 native \(Self.format(cld2CPU)) s (runs \(cld2Times.map(Self.format).joined(separator: ", ")))")
        print("detect:   Parley/CLD2 = \(String(format: "%.2f", parleyCPU / cld2CPU)) (goal ≤ 1.0)")
        let loadMicroseconds = Self.field("load-cpu-us", in: parleyOutput).flatMap(Double.init) ?? .nan
        print("detect:   start and model load alone: Parley \(Self.format(Self.median(parleyStartTimes))) s "
              + "(the model's load \(String(format: "%.1f", loadMicroseconds / 1_000)) ms CPU of it), "
              + "CLD2 start and one pass \(Self.format(Self.median(cld2StartTimes))) s")
        print("detect:   CLD2: \(cld2Output.trimmingCharacters(in: .whitespacesAndNewlines))")
        print("detect:   load average \(loadBefore) before, \(loadAfter) after (1, 5, 15 minutes)")
    }

    static func samples(_ path: String) throws -> [DetectionEvaluation.Sample] {
        let contents: String
        do {
            contents = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ValidationError("cannot read \(path): \(error.localizedDescription) (pass --messages FILE.tsv)")
        }
        let samples = try DetectionEvaluation.samples(fromTSV: contents)
        guard !samples.isEmpty else { throw ValidationError("\(path) holds no messages") }
        return samples
    }

    /// Builds `Benchmarks/CLD2/cld2-detect.cc` into `.build/cld2-detect` when it is missing or older
    /// than its source, and returns its path.
    static func yardstick() throws -> String {
        let source = "Benchmarks/CLD2/cld2-detect.cc"
        let binary = ".build/cld2-detect"
        let files = FileManager.default
        guard files.fileExists(atPath: source) else {
            throw ValidationError("detect: \(source) is missing; run parley bench from the checkout's root")
        }
        let missing = "install libcld2-dev (scripts/install-deps)"
        guard files.fileExists(atPath: "/usr/include/cld2/public/compact_lang_det.h") else {
            throw ValidationError("detect: CLD2's headers are missing: \(missing)")
        }
        if let built = try? files.attributesOfItem(atPath: binary)[.modificationDate] as? Date,
           let written = try? files.attributesOfItem(atPath: source)[.modificationDate] as? Date, built >= written {
            return binary
        }
        try? files.createDirectory(atPath: ".build", withIntermediateDirectories: true)
        let compile = ["c++", "-O2", "-o", binary, source, "-lcld2"]
        let result: ChildRun
        do {
            result = try runChild(["/usr/bin/env"] + compile, captureErrors: true)
        } catch {
            throw ValidationError("detect: cannot run c++ (\(error)): \(missing)")
        }
        guard result.status == 0 else {
            throw ValidationError("detect: \(compile.joined(separator: " ")) failed: \(missing)\n\(result.output)")
        }
        return binary
    }

    /// This program's own path, to run it as a child.
    static func executablePath() throws -> String {
        var buffer = [CChar](repeating: 0, count: 4_096)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard length > 0 else { throw ValidationError("detect: cannot find this program's path in /proc/self/exe") }
        return String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    struct ChildRun {
        var status: Int32
        var cpuSeconds: Double
        var output: String
    }

    /// Runs a program to its end; its standard output (and, if asked, its errors) are returned with
    /// its CPU time (user and system) as `wait4` reports it.
    static func runChild(_ arguments: [String], captureErrors: Bool = false) throws -> ChildRun {
        let outputPath = FileManager.default.temporaryDirectory.appendingPathComponent("parley-bench-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        if captureErrors { posix_spawn_file_actions_adddup2(&actions, 1, 2) }
        var argv = arguments.map { strdup($0) }
        argv.append(nil)
        defer { for pointer in argv { free(pointer) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, arguments[0], &actions, nil, argv, environ)
        guard spawned == 0 else {
            throw ValidationError("cannot start \(arguments[0]): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            guard errno == EINTR else { throw ValidationError("cannot wait for \(arguments[0]): \(String(cString: strerror(errno)))") }
        }
        let cpu = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
        let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        let exitStatus = status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        if !captureErrors, exitStatus != 0 {
            throw ValidationError("\(arguments.joined(separator: " ")) failed with status \(exitStatus): \(output)")
        }
        return ChildRun(status: exitStatus, cpuSeconds: cpu, output: output)
    }

    /// The number after `name` in a child's line (`detected 91040 texts`, `load-cpu-us 812`).
    static func field(_ name: String, in output: String) -> String? {
        let words = output.split(whereSeparator: \.isWhitespace)
        guard let index = words.firstIndex(where: { $0 == name }), index + 1 < words.count else { return nil }
        return String(words[index + 1]).trimmingCharacters(in: .punctuationCharacters)
    }

    static func loadAverage() -> String {
        let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? ""
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.isEmpty ? .nan : sorted[sorted.count / 2]
    }

    static func format(_ seconds: Double) -> String { String(format: "%.3f", seconds) }

    static func measure(_ body: () -> Void) -> Double {
        let start = ContinuousClock.now
        body()
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}
