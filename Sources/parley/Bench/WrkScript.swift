import Foundation

/// The Lua script wrk runs for `parley bench http`: POSTs of `{"text": …}` with the rep's key, and
/// a `done()` that prints the totals and the whole latency histogram for `WrkResult`.
struct WrkScript {
    enum Mode: String {
        /// The same English text on every request: after the first, every preview is a cache hit.
        case cached
        /// A new English text on every request (`UniqueText`), so every preview goes to the backend.
        case uncached
    }

    let mode: Mode
    /// The rep's API key.
    let key: String
    /// The English text of the cached mode.
    let cachedText: String

    /// Words that are in no shipped glossary and are not numbers, so that each unique text keeps its
    /// own cache key once links, numbers and glossary terms are masked.
    static let words = [
        "chairs", "books", "shoes", "keys", "boxes", "papers", "cups", "towels", "plates", "lamps",
        "pillows", "bags", "coats", "hats", "gloves", "blankets", "baskets", "bottles", "candles", "mirrors",
    ]

    /// The script. Arguments after `--` on wrk's command line: the round (0…15), which keeps the
    /// uncached texts of different runs apart.
    var text: String {
        let body = (try? JSONEncoder().encode(["text": cachedText])).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        let words = Self.words.map { "\"\($0)\"" }.joined(separator: ", ")
        return """
            -- Written by `parley bench http` (\(mode.rawValue)); run by wrk.
            wrk.method = "POST"
            wrk.headers["Authorization"] = "Bearer \(key)"
            wrk.headers["Content-Type"] = "application/json"
            wrk.body = [==[\(body)]==]

            local words = { \(words) }
            local threads = 0

            function setup(thread)
              thread:set("thread_index", threads)
              threads = threads + 1
            end

            function init(args)
              round = tonumber(args[1]) or 0
              counter = 0
            end

            \(mode == .uncached ? Self.uniqueRequest : "-- cached: wrk sends wrk.body as it is")

            function done(summary, latency, requests)
              local e = summary.errors
              io.write(string.format("parley-wrk summary %d %d %d %d %d %d %d %d\\n", summary.duration,
                summary.requests, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout))
              for i = 1, #latency do
                local value, count = latency(i)
                io.write(string.format("parley-wrk latency %d %d\\n", value, count))
              end
            end

            """
    }

    /// A `request()` that makes each text unique: the counter, the thread and the round, written as
    /// six words in base 20 ("Please bring the chairs, the keys, … and the cups to the front door.").
    private static let uniqueRequest = """
        function request()
          counter = counter + 1
          local n = (counter * 16 + thread_index) * 16 + round
          local picked = {}
          for i = 1, 6 do
            picked[i] = "the " .. words[(n % 20) + 1]
            n = math.floor(n / 20)
          end
          local text = "Please bring " .. table.concat(picked, ", ", 1, 5) .. " and " .. picked[6] .. " to the front door."
          return wrk.format(nil, nil, nil, '{"text": "' .. text .. '"}')
        end
        """
}
