import Foundation
import Testing

@testable import parley

/// How `parley bench http` reads its figures: wrk's output, latency percentiles merged over runs,
/// and a process's memory. Behaviour only; nothing here is timed.
@Suite struct BenchFiguresTests {
    @Test func percentilesFollowWrksRank() {
        var histogram = LatencyHistogram()
        for microseconds in 1...100 { histogram.record(microseconds) }
        // wrk: rank = round(p / 100 × count + 0.5), the first value whose running count reaches it.
        #expect(histogram.percentile(50) == 51)
        #expect(histogram.percentile(95) == 96)
        #expect(histogram.percentile(99) == 100)
        #expect(histogram.percentile(100) == 100)
        #expect(histogram.percentile(0) == 1)
        #expect(LatencyHistogram().percentile(50) == nil)
    }

    @Test func mergedHistogramsWeighEachRunByItsRequests() {
        var fast = LatencyHistogram()
        fast.record(1_000, count: 900)
        var slow = LatencyHistogram()
        slow.record(50_000, count: 100)
        fast.merge(slow)
        #expect(fast.total == 1_000)
        #expect(fast.percentile(50) == 1_000)
        #expect(fast.percentile(95) == 50_000)
    }

    @Test func readsTheScriptsLinesAmongWrksOwn() throws {
        let output = """
            Running 5s test @ http://127.0.0.1:40123/v1/conversations/x/preview
              2 threads and 4 connections
              Thread Stats   Avg      Stdev     Max   +/- Stdev
                Latency     1.02ms  310.00us   9.80ms   90.00%
              5000 requests in 5.00s, 2.10MB read
            Requests/sec:   1000.00
            parley-wrk summary 5000000 5000 2100000 0 1 0 3 2
            parley-wrk latency 900 4000
            parley-wrk latency 2500 1000
            """
        let result = try WrkResult(parsing: output)
        #expect(result.requests == 5_000)
        #expect(result.durationMicroseconds == 5_000_000)
        #expect(result.requestsPerSecond == 1_000)
        #expect(result.readErrors == 1)
        #expect(result.statusErrors == 3)
        #expect(result.timeouts == 2)
        #expect(result.errors == 6)
        #expect(result.latency.total == 5_000)
        #expect(result.latency.percentile(50) == 900)
        #expect(result.latency.percentile(99) == 2_500)
    }

    @Test func runsThatTookTurnsAddUp() throws {
        var total = try WrkResult(parsing: "parley-wrk summary 2000000 100 0 0 0 0 0 0\nparley-wrk latency 10 100\n")
        total.merge(try WrkResult(parsing: "parley-wrk summary 3000000 400 0 0 0 0 0 0\nparley-wrk latency 20 400\n"))
        #expect(total.requests == 500)
        #expect(total.requestsPerSecond == 100)
        #expect(total.latency.percentile(50) == 20)
    }

    @Test func outputWithoutTheSummaryOrWithAMalformedLineIsRefused() {
        #expect(throws: WrkOutputError.self) { try WrkResult(parsing: "Requests/sec: 1000.00\n") }
        #expect(throws: WrkOutputError.self) { try WrkResult(parsing: "parley-wrk summary 1 2 3\n") }
        #expect(throws: WrkOutputError.self) {
            try WrkResult(parsing: "parley-wrk summary 1 1 0 0 0 0 0 0\nparley-wrk latency ten 1\n")
        }
    }

    @Test func readsResidentAndPeakMemoryFromProcStatus() throws {
        let status = """
            Name:\tparley
            VmPeak:\t  812340 kB
            VmHWM:\t   61440 kB
            VmRSS:\t   51200 kB
            Threads:\t5
            """
        let memory = try #require(ProcessMemory(status: status))
        #expect(memory.residentBytes == 51_200 * 1_024)
        #expect(memory.peakResidentBytes == 61_440 * 1_024)
        #expect(ProcessMemory(status: "Name:\tparley\nVmRSS:\t 100 kB\n") == nil)

        let own = try #require(ProcessMemory.of(pid: getpid()))
        #expect(own.residentBytes > 0)
        #expect(own.peakResidentBytes >= own.residentBytes)
    }

    @Test func onlyTheUncachedScriptMakesEachRequestItsOwn() {
        let cached = WrkScript(mode: .cached, key: "bench-key", cachedText: "On my way \"now\" 🚐").text
        let uncached = WrkScript(mode: .uncached, key: "bench-key", cachedText: "On my way").text
        #expect(!cached.contains("function request()"))
        #expect(cached.contains(#"wrk.body = [==[{"text":"On my way \"now\" 🚐"}]==]"#))
        #expect(uncached.contains("function request()"))
        for script in [cached, uncached] {
            #expect(script.contains("Bearer bench-key"))
            #expect(script.contains("function done(summary, latency, requests)"))
        }
    }
}
