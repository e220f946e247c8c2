internal import Logging
internal import Foundation
public import Hummingbird
internal import ParleyMessaging
internal import ParleyThreads
internal import ParleyTranslation

/// An error answered as RFC 9457 problem details (`application/problem+json`).
public struct Problem: Error, Sendable, Codable, Equatable, HTTPResponseError {
    /// A short summary of the kind of problem.
    public var title: String
    /// The HTTP status code.
    public var statusCode: Int
    /// What went wrong with this request and what to do.
    public var detail: String
    /// Extra response headers, such as `Retry-After`.
    public var headers = HTTPFields()
    /// Each problem of an invalid document (a glossary, an imported file), by line where known;
    /// nil for other problems.
    public var issues: [Issue]?
    /// The technical detail behind ``detail`` (the backend's name, error kind and HTTP status, a
    /// database's error), an extension member answered only to admins; reps read ``detail`` alone.
    public var adminDetail: String?
    /// Whether the caller is an admin, who is answered ``adminDetail`` (set by the
    /// ``AdminDetailMiddleware``); never encoded.
    var showsAdminDetail = false

    /// The HTTP status.
    public var status: HTTPResponse.Status { HTTPResponse.Status(code: statusCode) }

    private enum CodingKeys: String, CodingKey {
        case title, statusCode = "status", detail, issues, adminDetail
    }

    /// - Parameters:
    ///   - status: the HTTP status.
    ///   - title: a short summary.
    ///   - detail: what went wrong and what to do.
    ///   - issues: each problem of an invalid document.
    public init(_ status: HTTPResponse.Status, _ title: String, detail: String, issues: [Issue]? = nil) {
        self.statusCode = status.code
        self.title = title
        self.detail = detail
        self.issues = issues
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = self.headers
        headers[.contentType] = "application/problem+json"
        var answered = self
        if !showsAdminDetail { answered.adminDetail = nil }
        let body = try JSONEncoder().encode(answered)
        return Response(
            status: status, headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}

/// Turns every error a route throws into problem details, so clients always get JSON.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let problem as Problem {
            throw problem
        } catch let error as HTTPError {
            throw Problem(error.status, error.status.reasonPhrase, detail: error.body ?? error.status.reasonPhrase)
        } catch let error as ThreadStoreError {
            switch error.code {
            case .notFound: throw Problem(.notFound, "Not found", detail: error.message)
            case .conflict: throw Problem(.conflict, "Conflict", detail: error.message)
            case .invalidInput: throw Problem(.badRequest, "Invalid input", detail: error.message)
            default:
                context.logger.error("store failure", metadata: ["parley.error": "\(error)"])
                throw Problem(.serviceUnavailable, "Database unavailable", detail: Self.unavailable(error))
            }
        } catch let error as MessagingError {
            throw Self.problem(error, logger: context.logger)
        } catch let error as PhoneNumberError {
            throw Problem(.badRequest, "Invalid phone number", detail: error.description)
        } catch is DecodingError {
            throw Problem(.badRequest, "Malformed JSON", detail: "The request body is not the JSON this route takes; see the API description.")
        }
    }

    /// A workflow's refusal as a problem, with what a rep is not shown in the log: a store's
    /// failure, and the translation backend's detail.
    static func problem(_ error: MessagingError, logger: Logger) -> Problem {
        if error.code == .unavailable { logger.error("store failure", metadata: ["parley.error": "\(error.cause ?? error)"]) }
        if let failure = error.failure {
            logger.warning("not translated", metadata: ["parley.error": "\(failure.detail)", "parley.code": "\(error.code)"])
        }
        return Problem(error)
    }

    /// What a store failure means for the caller: a lock held elsewhere and a full disk say so.
    static func unavailable(_ error: ThreadStoreError) -> String {
        let code = (error.cause as? ParleyDatabaseError)?.code
        if code == .busy {
            return "The conversation store is locked by another connection, so this request could not be saved; "
                + "try again shortly."
        }
        if code == .diskFull {
            return "The conversation store is full (no disk space left), so this request could not be saved; "
                + "try again once space is freed."
        }
        return "The conversation store failed; try again shortly."
    }
}
