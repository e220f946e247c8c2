internal import CCurl
internal import Foundation

/// A small async HTTP client on libcurl's multi interface: one dedicated thread runs every transfer,
/// connections are reused, and each request has a connect and a total time limit and a bounded
/// response size. TLS verification is on; proxies come from the environment (`https_proxy`, …) as
/// libcurl reads them. Cancelling the calling task aborts its transfer.
///
/// This is the only place in Parley that calls libcurl. Share one client per process and call
/// ``shutdown()`` when done (pending requests then fail with `.shutdown`).
public final class CurlHTTPClient: @unchecked Sendable {
    /// Limits of the client.
    public struct Configuration: Sendable {
        /// Time to establish a connection (TCP and TLS).
        public var connectTimeout: Duration
        /// Time for the whole request, unless the request sets its own.
        public var timeout: Duration
        /// The largest response body accepted, in bytes.
        public var maximumResponseSize: Int
        /// The most connections kept open for reuse.
        public var maximumIdleConnections: Int

        /// - Parameters:
        ///   - connectTimeout: time to establish a connection.
        ///   - timeout: time for a whole request.
        ///   - maximumResponseSize: the largest response body accepted, in bytes.
        ///   - maximumIdleConnections: the most connections kept for reuse.
        public init(
            connectTimeout: Duration = .seconds(5), timeout: Duration = .seconds(30),
            maximumResponseSize: Int = 8 * 1_048_576, maximumIdleConnections: Int = 32
        ) {
            self.connectTimeout = connectTimeout
            self.timeout = timeout
            self.maximumResponseSize = maximumResponseSize
            self.maximumIdleConnections = maximumIdleConnections
        }
    }

    public let configuration: Configuration
    private let loop: CurlMultiLoop

    private static let globalInit: Void = { curl_global_init(Int(CURL_GLOBAL_DEFAULT)) }()

    /// Creates a client and starts its transfer thread.
    public init(configuration: Configuration = .init()) {
        _ = Self.globalInit
        self.configuration = configuration
        loop = CurlMultiLoop(maximumIdleConnections: configuration.maximumIdleConnections)
        // The thread holds the loop, not the client: a client released at any time stops its loop.
        let loop = loop
        let thread = Thread { loop.run() }
        thread.name = "parley-curl"
        thread.start()
    }

    deinit {
        loop.requestStop()
    }

    /// Stops the transfer thread and waits for it; requests still running fail with `.shutdown`.
    public func shutdown() {
        loop.requestStop()
        loop.waitUntilStopped()
    }

    /// Sends a request and returns the response, whatever its status code.
    /// - Throws: `HTTPClientError` when no complete response came.
    public func execute(_ request: HTTPRequest) async throws(HTTPClientError) -> HTTPResponse {
        let transfer = try Transfer(request: request, configuration: configuration)
        let loop = loop
        let result: Result<HTTPResponse, HTTPClientError> = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                transfer.continuation = continuation
                loop.submit(transfer)
            }
        } onCancel: {
            loop.cancel(transfer)
        }
        return try result.get()
    }
}

/// The `curl_multi` handle and the thread loop that drives every transfer.
private final class CurlMultiLoop: @unchecked Sendable {
    private let multi: UnsafeMutableRawPointer
    private let lock = NSLock()
    private let stopped = NSCondition()
    private var queued: [Transfer] = []
    private var cancelled: [Transfer] = []
    private var active: [ObjectIdentifier: Transfer] = [:]
    private var stopRequested = false
    private var hasStopped = false

    init(maximumIdleConnections: Int) {
        guard let multi = curl_multi_init() else { fatalError("libcurl could not create a multi handle (out of memory)") }
        self.multi = multi
        _ = parley_curl_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, maximumIdleConnections)
    }

    deinit {
        curl_multi_cleanup(multi)
    }

    func submit(_ transfer: Transfer) {
        lock.lock()
        if stopRequested || transfer.cancelRequested {
            let error = stopRequested ? Self.shutdownError : Self.cancelledError
            lock.unlock()
            transfer.finish(.failure(error))
            return
        }
        queued.append(transfer)
        lock.unlock()
        curl_multi_wakeup(multi)
    }

    /// Cancels a transfer whether it is queued, running or not yet submitted (the task may be
    /// cancelled before `submit`); the flag is read under the same lock.
    func cancel(_ transfer: Transfer) {
        lock.lock()
        transfer.cancelRequested = true
        cancelled.append(transfer)
        lock.unlock()
        curl_multi_wakeup(multi)
    }

    func requestStop() {
        lock.lock()
        stopRequested = true
        lock.unlock()
        curl_multi_wakeup(multi)
    }

    func waitUntilStopped() {
        stopped.lock()
        while !hasStopped { stopped.wait() }
        stopped.unlock()
    }

    func run() {
        defer {
            stopped.lock()
            hasStopped = true
            stopped.broadcast()
            stopped.unlock()
        }
        var running: Int32 = 0
        while true {
            lock.lock()
            let stopping = stopRequested
            let newTransfers = queued.map { (transfer: $0, cancelled: $0.cancelRequested) }
            queued.removeAll()
            let toCancel = cancelled
            cancelled.removeAll()
            lock.unlock()

            for (transfer, wasCancelled) in newTransfers {
                if wasCancelled || stopping {
                    transfer.finish(.failure(stopping ? Self.shutdownError : Self.cancelledError))
                    continue
                }
                active[ObjectIdentifier(transfer)] = transfer
                curl_multi_add_handle(multi, transfer.easy)
            }
            for transfer in toCancel {
                guard active.removeValue(forKey: ObjectIdentifier(transfer)) != nil else { continue }
                curl_multi_remove_handle(multi, transfer.easy)
                transfer.finish(.failure(Self.cancelledError))
            }
            if stopping {
                for transfer in active.values {
                    curl_multi_remove_handle(multi, transfer.easy)
                    transfer.finish(.failure(Self.shutdownError))
                }
                active.removeAll()
                return
            }

            curl_multi_perform(multi, &running)
            var remaining: Int32 = 0
            while let message = curl_multi_info_read(multi, &remaining) {
                guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
                let code = message.pointee.data.result
                var pointer: UnsafeMutableRawPointer?
                _ = parley_curl_easy_getinfo_pointer(easy, CURLINFO_PRIVATE, &pointer)
                guard let pointer else { continue }
                let transfer = Unmanaged<Transfer>.fromOpaque(pointer).takeUnretainedValue()
                active.removeValue(forKey: ObjectIdentifier(transfer))
                curl_multi_remove_handle(multi, easy)
                transfer.complete(code)
            }
            curl_multi_poll(multi, nil, 0, 1_000, nil)
        }
    }

    private static let cancelledError = HTTPClientError(kind: .cancelled, message: "the request was cancelled")
    private static let shutdownError = HTTPClientError(kind: .shutdown, message: "the HTTP client was shut down")
}

/// One request in flight: its easy handle, buffers and continuation.
private final class Transfer: @unchecked Sendable {
    let easy: UnsafeMutableRawPointer
    /// Set under the loop's lock when the calling task is cancelled.
    var cancelRequested = false
    var continuation: CheckedContinuation<Result<HTTPResponse, HTTPClientError>, Never>?
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private let maximumResponseSize: Int
    private let url: String
    var body: [UInt8] = []
    var headers: [(name: String, value: String)] = []
    var tooLarge = false

    init(request: HTTPRequest, configuration: CurlHTTPClient.Configuration) throws(HTTPClientError) {
        let lower = request.url.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://"), !Self.hasControlBytes(request.url) else {
            throw HTTPClientError(kind: .invalidRequest, message: "'\(request.url.prefix { $0 != "?" })' is not a valid http or https URL")
        }
        // Checked before anything is allocated: a throwing init still runs deinit once all is set.
        for (name, value) in request.headers
        where name.isEmpty || name.utf8.contains(UInt8(ascii: ":")) || Self.hasControlBytes(name) || Self.hasControlBytes(value) {
            throw HTTPClientError(kind: .invalidRequest, message: "header '\(name.prefix(40))' has a forbidden character (line break, NUL or colon)")
        }
        guard let easy = curl_easy_init() else {
            throw HTTPClientError(kind: .other, message: "libcurl could not create a handle")
        }
        self.easy = easy
        // Messages name the URL without its query: some providers take keys there.
        url = String(request.url.prefix { $0 != "?" })
        maximumResponseSize = configuration.maximumResponseSize
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)

        let context = Unmanaged.passUnretained(self).toOpaque()
        _ = parley_curl_easy_setopt_string(easy, CURLOPT_URL, request.url)
        _ = parley_curl_easy_setopt_long(easy, CURLOPT_NOSIGNAL, 1)
        _ = parley_curl_easy_setopt_string(easy, CURLOPT_PROTOCOLS_STR, "http,https")
        _ = parley_curl_easy_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, configuration.connectTimeout.milliseconds)
        _ = parley_curl_easy_setopt_long(easy, CURLOPT_TIMEOUT_MS, (request.timeout ?? configuration.timeout).milliseconds)
        _ = parley_curl_easy_setopt_off_t(easy, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(configuration.maximumResponseSize))
        _ = parley_curl_easy_setopt_long(easy, CURLOPT_SSL_VERIFYPEER, 1)
        _ = parley_curl_easy_setopt_long(easy, CURLOPT_SSL_VERIFYHOST, 2)
        _ = parley_curl_easy_setopt_string(easy, CURLOPT_ACCEPT_ENCODING, "")
        _ = parley_curl_easy_setopt_pointer(easy, CURLOPT_ERRORBUFFER, errorBuffer)
        _ = parley_curl_easy_setopt_pointer(easy, CURLOPT_PRIVATE, context)
        _ = parley_curl_easy_setopt_write_callback(easy, CURLOPT_WRITEFUNCTION, transferWrite)
        _ = parley_curl_easy_setopt_pointer(easy, CURLOPT_WRITEDATA, context)
        _ = parley_curl_easy_setopt_write_callback(easy, CURLOPT_HEADERFUNCTION, transferHeader)
        _ = parley_curl_easy_setopt_pointer(easy, CURLOPT_HEADERDATA, context)

        var list: UnsafeMutablePointer<curl_slist>?
        for (name, value) in request.headers {
            list = curl_slist_append(list, "\(name): \(value)")
        }
        list = curl_slist_append(list, "Expect:")  // no 100-continue round trip for large bodies
        headerList = list
        _ = parley_curl_easy_setopt_slist(easy, CURLOPT_HTTPHEADER, list)

        switch request.method.uppercased() {
        case "GET" where request.body.isEmpty:
            _ = parley_curl_easy_setopt_long(easy, CURLOPT_HTTPGET, 1)
        case "HEAD":
            _ = parley_curl_easy_setopt_long(easy, CURLOPT_NOBODY, 1)
        default:
            if request.method.uppercased() != "POST" {
                _ = parley_curl_easy_setopt_string(easy, CURLOPT_CUSTOMREQUEST, request.method.uppercased())
            }
            _ = parley_curl_easy_setopt_off_t(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.count))
            request.body.withUnsafeBufferPointer { buffer in
                // COPYPOSTFIELDS copies the body: curl owns it for the transfer's life.
                _ = parley_curl_easy_setopt_pointer(
                    easy, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!))
            }
        }
    }

    /// CR, LF or NUL, checked on bytes: Swift's `Character` treats CR LF as one character.
    static func hasControlBytes(_ text: String) -> Bool {
        text.utf8.contains { $0 == 10 || $0 == 13 || $0 == 0 }
    }

    deinit {
        curl_slist_free_all(headerList)
        curl_easy_cleanup(easy)
        errorBuffer.deallocate()
    }

    func write(_ data: UnsafeMutablePointer<CChar>, count: Int) -> Int {
        if body.count + count > maximumResponseSize {
            tooLarge = true
            return 0  // aborts the transfer with CURLE_WRITE_ERROR
        }
        data.withMemoryRebound(to: UInt8.self, capacity: count) { body.append(contentsOf: UnsafeBufferPointer(start: $0, count: count)) }
        return count
    }

    func header(_ data: UnsafeMutablePointer<CChar>, count: Int) -> Int {
        let line = data.withMemoryRebound(to: UInt8.self, capacity: count) {
            String(decoding: UnsafeBufferPointer(start: $0, count: count), as: UTF8.self)
        }.trimmingCharacters(in: .whitespacesAndNewlines)
        if line.hasPrefix("HTTP/") {
            headers.removeAll()  // a new response (after 100 Continue or a redirect)
        } else if let colon = line.firstIndex(of: ":") {
            headers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        return count
    }

    func complete(_ code: CURLcode) {
        if code == CURLE_OK {
            var status = 0
            _ = parley_curl_easy_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
            finish(.success(HTTPResponse(status: status, headers: headers, body: body)))
            return
        }
        let detail = String(cString: errorBuffer)
        let reason = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
        let kind: HTTPClientError.Kind
        switch code {
        case CURLE_OPERATION_TIMEDOUT: kind = .timeout
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY: kind = .connectionFailed
        case CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE, CURLE_HTTP2, CURLE_HTTP2_STREAM:
            kind = .connectionLost
        case CURLE_FILESIZE_EXCEEDED: kind = .responseTooLarge
        case CURLE_WRITE_ERROR where tooLarge: kind = .responseTooLarge
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CACERT_BADFILE:
            kind = .tls
        case CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT: kind = .invalidRequest
        default: kind = .other
        }
        let message = kind == .responseTooLarge
            ? "the response from \(url) is larger than \(maximumResponseSize) bytes" : "\(reason) (\(url))"
        finish(.failure(HTTPClientError(kind: kind, curlCode: Int(code.rawValue), message: message)))
    }

    func finish(_ result: Result<HTTPResponse, HTTPClientError>) {
        continuation?.resume(returning: result)
        continuation = nil
    }
}

private let transferWrite: parley_curl_write_callback = { data, size, count, context in
    guard let data, let context else { return 0 }
    return Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue().write(data, count: size * count)
}

private let transferHeader: parley_curl_write_callback = { data, size, count, context in
    guard let data, let context else { return 0 }
    return Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue().header(data, count: size * count)
}

extension Duration {
    /// Whole milliseconds, at least 1.
    var milliseconds: Int {
        max(1, Int(components.seconds) * 1_000 + Int(components.attoseconds / 1_000_000_000_000_000))
    }
}
