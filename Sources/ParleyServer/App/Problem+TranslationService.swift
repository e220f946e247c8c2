internal import ParleyMessaging
internal import Hummingbird
internal import ParleyTranslation

extension Problem {
    /// The 503 problem for an outbound message the translation service failed to translate: it
    /// could not be reached, timed out, limited requests, is paused after repeated failures,
    /// answered with something that is not a translation, or refused the service's credentials.
    /// The detail is the workflow's plain words (``MessagingError/translationUnavailable(_:)``:
    /// whole seconds, no host, port or internal name); the backend's own error goes to
    /// ``adminDetail``. `Retry-After` is the service's wait, or the open circuit's, when known.
    ///
    /// Nil when the failure is the message's own (no language for the contact, a pair no backend
    /// has, a check the translation failed): the caller answers that as before.
    /// - Parameters:
    ///   - error: what the workflow said.
    static func translationService(_ error: MessagingError) -> Problem? {
        guard let failure = error.failure, failure.stage == .translate, let cause = failure.translationError, cause.isServiceFailure
        else { return nil }
        let title =
            switch cause.code {
            case .timeout: "Translation service timed out"
            case .rateLimited: "Translation service busy"
            case .badResponse: "Translation service answered badly"
            default: "Translation service unavailable"
            }
        var problem = Problem(.serviceUnavailable, title, detail: error.message)
        problem.adminDetail = failure.detail
        if let seconds = cause.retryAfterSeconds { problem.headers[.retryAfter] = "\(seconds)" }
        return problem
    }
}
