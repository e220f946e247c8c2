internal import ParleyMessaging
internal import Hummingbird
internal import ParleyTranslation

extension Problem {
    /// The 503 problem for an outbound message the translation service failed to translate: it
    /// could not be reached, timed out, limited requests, answered with something that is not a
    /// translation, or refused the service's credentials. `Retry-After` is the service's, when it
    /// gave one.
    ///
    /// Nil when the failure is the message's own (no language for the contact, a pair no backend
    /// has, a check the translation failed): the caller answers that as before.
    /// - Parameters:
    ///   - failure: why the pipeline produced no translation.
    static func translationService(_ failure: PipelineFailure?) -> Problem? {
        guard let failure, failure.stage == .translate, let error = failure.translationError else { return nil }
        let title: String
        let what: String
        switch error.kind {
        case .timeout:
            title = "Translation service timed out"
            what = "The translation service did not answer in time"
        case .unavailable:
            title = "Translation service unavailable"
            what = "The translation service could not be reached or failed"
        case .circuitOpen:
            title = "Translation service unavailable"
            what = "The translation service failed repeatedly, so calls to it are paused"
        case .rateLimited:
            title = "Translation service busy"
            what = "The translation service is limiting requests"
        case .badResponse:
            title = "Translation service answered badly"
            what = "The translation service answered with something that is not a translation"
        case .authentication, .quotaExceeded, .notConfigured:
            title = "Translation service unavailable"
            what = "The translation service refused this service's requests; an administrator must check its settings"
        default:
            return nil
        }
        var problem = Problem(
            .serviceUnavailable, title, detail: "\(what) (\(error.description)). Nothing was sent; try again shortly.")
        if let retryAfter = error.retryAfter {
            let (seconds, attoseconds) = retryAfter.components
            problem.headers[.retryAfter] = "\(max(1, seconds + (attoseconds > 0 ? 1 : 0)))"
        }
        return problem
    }
}
