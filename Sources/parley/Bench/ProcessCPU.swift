import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A process's CPU time so far (user and system), from `/proc/<pid>/stat`; Linux only.
enum ProcessCPU {
    /// Seconds of CPU the process has used; nil when it cannot be read.
    /// - Parameters:
    ///   - pid: the process.
    static func seconds(pid: Int32) -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let end = text.lastIndex(of: ")")
        else { return nil }
        // After the command's closing parenthesis: state is field 3, utime 14, stime 15.
        let fields = text[text.index(after: end)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        return ticks > 0 ? (user + system) / ticks : nil
    }
}
