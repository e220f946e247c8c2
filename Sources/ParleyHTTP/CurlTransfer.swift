internal import CCurl
internal import Foundation

/// One request in flight: its easy handle, buffers and continuation.
final class CurlTransfer: @unchecked Sendable {
    let easy: UnsafeMutableRawPointer
    /// Set under the loop's lock when the calling task is cancelled.
    var cancelRequested = false
    var continuation: CheckedContinuation<Result<ParleyHTTPClient.Response, ParleyHTTPClientError>, Never>?
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private let maximumResponseSize: Int
    private let url: String
    var body: [UInt8] = []
    var headers: [(name: String, value: String)] = []
    var tooLarge = false

    init(request: ParleyHTTPClient.Request, configuration: ParleyHTTPClient.Configuration) throws(ParleyHTTPClientError) {
        let lower = request.url.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://"), !Self.hasControlBytes(request.url) else {
            throw ParleyHTTPClientError(.invalidRequest, message: "'\(request.url.prefix { $0 != "?" })' is not a valid http or https URL")
        }
        // Checked before anything is allocated: a throwing init still runs deinit once all is set.
        for (name, value) in request.headers
        where name.isEmpty || name.utf8.contains(UInt8(ascii: ":")) || Self.hasControlBytes(name) || Self.hasControlBytes(value) {
            throw ParleyHTTPClientError(.invalidRequest, message: "header '\(name.prefix(40))' has a forbidden character (line break, NUL or colon)")
        }
        guard let easy = curl_easy_init() else {
            throw ParleyHTTPClientError(.other, message: "libcurl could not create a handle")
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
            finish(.success(ParleyHTTPClient.Response(status: status, headers: headers, body: body)))
            return
        }
        let detail = String(cString: errorBuffer)
        let reason = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
        let kind: ParleyHTTPClientError.Code
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
        finish(.failure(ParleyHTTPClientError(kind, curlCode: Int(code.rawValue), message: message)))
    }

    func finish(_ result: Result<ParleyHTTPClient.Response, ParleyHTTPClientError>) {
        continuation?.resume(returning: result)
        continuation = nil
    }
}

private let transferWrite: parley_curl_write_callback = { data, size, count, context in
    guard let data, let context else { return 0 }
    return Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue().write(data, count: size * count)
}

private let transferHeader: parley_curl_write_callback = { data, size, count, context in
    guard let data, let context else { return 0 }
    return Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue().header(data, count: size * count)
}
