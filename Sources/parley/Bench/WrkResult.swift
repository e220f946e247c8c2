/// What one or more wrk runs measured, read from the lines the bench's Lua `done()` prints
/// (`WrkScript`): `parley-wrk summary …` and one `parley-wrk latency MICROSECONDS COUNT` per value.
struct WrkResult: Equatable {
    /// Wall time of the runs, in microseconds.
    var durationMicroseconds = 0
    /// Completed requests.
    var requests = 0
    /// Response bytes read.
    var bytes = 0
    /// Socket errors: connect, read, write; and timeouts.
    var connectErrors = 0
    var readErrors = 0
    var writeErrors = 0
    var timeouts = 0
    /// Responses with a status above 399.
    var statusErrors = 0
    /// Request latencies (wrk's, including its correction for coordinated omission).
    var latency = LatencyHistogram()

    /// Completed requests per second of wall time.
    var requestsPerSecond: Double {
        durationMicroseconds > 0 ? Double(requests) / (Double(durationMicroseconds) / 1e6) : 0
    }

    /// All errors together.
    var errors: Int { connectErrors + readErrors + writeErrors + timeouts + statusErrors }

    init() {}

    /// Reads wrk's standard output; lines other than the script's are ignored.
    /// - Parameters:
    ///   - output: what wrk printed.
    /// - Throws: `WrkOutputError` when the summary line is missing or malformed.
    init(parsing output: String) throws(WrkOutputError) {
        var sawSummary = false
        for line in output.split(whereSeparator: \.isNewline) {
            let fields = line.split(separator: " ")
            guard fields.count >= 2, fields[0] == "parley-wrk" else { continue }
            let numbers = fields.dropFirst(2).map { Int($0) }
            switch fields[1] {
            case "summary":
                guard numbers.count == 8, numbers.allSatisfy({ $0 != nil && $0! >= 0 }) else {
                    throw WrkOutputError("malformed summary line: \(line)")
                }
                let values = numbers.map { $0! }
                durationMicroseconds = values[0]
                requests = values[1]
                bytes = values[2]
                connectErrors = values[3]
                readErrors = values[4]
                writeErrors = values[5]
                statusErrors = values[6]
                timeouts = values[7]
                sawSummary = true
            case "latency":
                guard numbers.count == 2, let value = numbers[0], let count = numbers[1], value >= 0, count >= 0 else {
                    throw WrkOutputError("malformed latency line: \(line)")
                }
                latency.record(value, count: count)
            default:
                continue
            }
        }
        guard sawSummary else { throw WrkOutputError("no 'parley-wrk summary' line: did the script's done() run?") }
    }

    /// Adds another run's figures to these (durations add up: the runs took turns).
    mutating func merge(_ other: WrkResult) {
        durationMicroseconds += other.durationMicroseconds
        requests += other.requests
        bytes += other.bytes
        connectErrors += other.connectErrors
        readErrors += other.readErrors
        writeErrors += other.writeErrors
        timeouts += other.timeouts
        statusErrors += other.statusErrors
        latency.merge(other.latency)
    }
}

/// wrk's output could not be read.
struct WrkOutputError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
