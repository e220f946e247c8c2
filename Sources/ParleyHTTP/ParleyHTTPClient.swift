internal import CCurl
internal import Foundation
public import Logging
public import ServiceLifecycle

/// A small async HTTP client on libcurl's multi interface: one dedicated thread runs every transfer,
/// connections are reused, and each request has a connect and a total time limit and a bounded
/// response size. TLS verification is on; proxies come from the environment (`https_proxy`, …) as
/// libcurl reads them. Cancelling the calling task aborts its transfer.
///
/// Share one client per process. Creating one starts nothing: its transfer thread starts with the
/// first request. Run it as a `Service` in the program's `ServiceGroup` so it stops cleanly:
/// ``run()`` returns on graceful shutdown (or cancellation) once the requests in flight have
/// finished, and requests made after that fail with ``ParleyHTTPClientError/Code/shutdown``.
/// A program without a `ServiceGroup` uses ``shared``, which is never shut down.
///
/// ```swift
/// let client = ParleyHTTPClient()
/// let group = ServiceGroup(services: [client, server], logger: logger)
/// try await group.run()
/// ```
///
/// This is the only place in Parley that calls libcurl.
public final class ParleyHTTPClient: Service, Sendable {
    /// The client every program may use without running it as a service: started on first use, never shut down.
    public static let shared = ParleyHTTPClient()

    /// The client's limits.
    public let configuration: Configuration
    private let loop: CurlMultiLoop

    private static let globalInit: Void = { curl_global_init(Int(CURL_GLOBAL_DEFAULT)) }()

    /// Creates a client; its transfer thread starts with the first request.
    /// - Parameter configuration: the client's limits.
    public init(configuration: Configuration = .init()) {
        _ = Self.globalInit
        self.configuration = configuration
        loop = CurlMultiLoop(configuration: configuration)
    }

    deinit {
        loop.requestStop()
    }

    /// Serves requests until graceful shutdown or cancellation, then lets the requests in flight
    /// finish and stops the transfer thread.
    public func run() async throws {
        try? await gracefulShutdown()
        await shutdown()
    }

    /// Refuses new requests, waits for those in flight to finish, and stops the transfer thread.
    /// Requests made afterwards fail with ``ParleyHTTPClientError/Code/shutdown``.
    public func shutdown() async {
        let loop = loop
        await withCheckedContinuation { continuation in
            loop.drain { continuation.resume() }
        }
    }

    /// Sends a request and returns the response, whatever its status code.
    /// - Parameters:
    ///   - request: the request.
    ///   - logger: where to log the request at `debug` (method, URL without its query, status;
    ///     never headers or bodies); nil for no logs.
    /// - Throws: ``ParleyHTTPClientError`` when no complete response came.
    public func execute(_ request: Request, logger: Logger? = nil) async throws(ParleyHTTPClientError) -> Response {
        var logger = logger ?? Self.noLogger
        logger[metadataKey: "parley.http.method"] = "\(request.method.uppercased())"
        logger[metadataKey: "parley.http.url"] = "\(request.url.prefix { $0 != "?" })"
        let transfer: CurlTransfer
        do {
            transfer = try CurlTransfer(request: request, configuration: configuration)
        } catch {
            logger.debug("HTTP request refused", metadata: ["parley.http.error": "\(error.code)"])
            throw error
        }
        logger.debug("HTTP request")
        let loop = loop
        let start = ContinuousClock.now
        let result: Result<Response, ParleyHTTPClientError> = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                transfer.continuation = continuation
                loop.submit(transfer)
            }
        } onCancel: {
            loop.cancel(transfer)
        }
        let elapsed = ContinuousClock.now - start
        switch result {
        case .success(let response):
            logger.debug("HTTP response", metadata: [
                "parley.http.status": "\(response.status)", "parley.http.duration_ms": "\(elapsed.milliseconds)",
            ])
        case .failure(let error):
            logger.debug("HTTP request failed", metadata: [
                "parley.http.error": "\(error.code)", "parley.http.duration_ms": "\(elapsed.milliseconds)",
            ])
        }
        return try result.get()
    }

    private static let noLogger = Logger(label: "parley.http", factory: { _ in SwiftLogNoOpLogHandler() })
}

extension Duration {
    /// Whole milliseconds, at least 1.
    var milliseconds: Int {
        max(1, Int(components.seconds) * 1_000 + Int(components.attoseconds / 1_000_000_000_000_000))
    }
}
