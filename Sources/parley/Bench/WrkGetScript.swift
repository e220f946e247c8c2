/// The Lua script wrk runs for the plain GETs of `parley bench http` (the yardstick's `GET /` and
/// `GET /healthz`): no request body, and the `done()` that prints the totals and the latency
/// histogram for `WrkResult`, as `WrkScript` does.
enum WrkGetScript {
    static let text = """
        -- Written by `parley bench http` (GET); run by wrk.
        wrk.method = "GET"

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
