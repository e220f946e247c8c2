internal import HTTPTypes
internal import Hummingbird
internal import ParleyMessaging
internal import ParleyThreads

extension Problem {
    /// The one mapping from a workflow's refusal to HTTP, for every route and page.
    /// - Parameters:
    ///   - error: what the workflow said.
    init(_ error: MessagingError) {
        if error.code == .unavailable, let cause = error.cause as? ThreadStoreError {
            self.init(.serviceUnavailable, "Database unavailable", detail: ProblemMiddleware<ParleyRequestContext>.unavailable(cause))
            return
        }
        if error.code == .translationUnavailable, let problem = Problem.translationService(error) {
            self = problem
            return
        }
        let status: HTTPResponse.Status =
            switch error.code {
            case .invalidInput: .badRequest
            case .notFound: .notFound
            case .forbidden: .forbidden
            case .optedOut: .conflict
            case .previewStale: .conflict
            case .notTranslated: .unprocessableContent
            case .unconfirmed: .conflict
            case .translationUnavailable: .serviceUnavailable
            case .sendFailed: .badGateway
            case .conflict: .conflict
            default: .serviceUnavailable
            }
        self.init(status, error.title, detail: error.message)
        if error.failure != nil || error.code == .unavailable { adminDetail = error.adminDetail }
    }
}
