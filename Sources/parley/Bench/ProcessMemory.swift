import Foundation

/// A process's resident memory as Linux reports it in `/proc/PID/status`.
struct ProcessMemory: Equatable {
    /// Resident now (`VmRSS`), in bytes.
    var residentBytes: Int
    /// The most ever resident (`VmHWM`, the high-water mark), in bytes.
    var peakResidentBytes: Int

    /// Reads the `VmRSS` and `VmHWM` lines (`VmRSS:\t  51234 kB`); nil when either is missing.
    /// - Parameters:
    ///   - status: the contents of `/proc/PID/status`.
    init?(status: String) {
        var fields: [String: Int] = [:]
        for line in status.split(whereSeparator: \.isNewline) {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, parts[0] == "VmRSS" || parts[0] == "VmHWM" else { continue }
            let words = parts[1].split(whereSeparator: \.isWhitespace)
            guard words.count == 2, words[1] == "kB", let kilobytes = Int(words[0]) else { return nil }
            fields[String(parts[0])] = kilobytes * 1_024
        }
        guard let resident = fields["VmRSS"], let peak = fields["VmHWM"] else { return nil }
        residentBytes = resident
        peakResidentBytes = peak
    }

    /// The memory of a running process; nil when it has gone or the file cannot be read.
    /// - Parameters:
    ///   - pid: the process.
    static func of(pid: Int32) -> ProcessMemory? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        return ProcessMemory(status: status)
    }
}
