internal import Foundation
internal import ParleyHTTP

/// Google Cloud's JSON error body, shared by Translation v2 and v3:
/// `{"error":{"code":400,"message":"…","errors":[{"message","domain","reason"}],"status":"INVALID_ARGUMENT","details":[{"@type","reason","metadata"}]}}`.
///
/// v2 fills `errors[].reason` (`keyInvalid`, `dailyLimitExceeded`, `rateLimitExceeded`, …); v3 and
/// newer front ends fill `details[].reason` of a `google.rpc.ErrorInfo` (`API_KEY_INVALID`,
/// `RATE_LIMIT_EXCEEDED`, `SERVICE_DISABLED`, …). Both are read.
struct GoogleErrorEnvelope: Decodable, Sendable {
    struct Body: Decodable, Sendable {
        var code: Int?
        var message: String?
        var status: String?
        var errors: [Item]?
        var details: [Detail]?
    }

    struct Item: Decodable, Sendable {
        var message: String?
        var domain: String?
        var reason: String?
    }

    struct Detail: Decodable, Sendable {
        var reason: String?
        var metadata: [String: String]?
    }

    var error: Body

    /// The reasons, lowercased.
    var reasons: Set<String> {
        Set(((error.errors ?? []).compactMap(\.reason) + (error.details ?? []).compactMap(\.reason)).map { $0.lowercased() })
    }

    /// The ``TranslationError`` for a response that is not a success, with every copy of the secrets
    /// removed.
    ///
    /// A refused key (400 `API key not valid`, 401, 403 `PERMISSION_DENIED`) is `.authentication`;
    /// quota reasons (`dailyLimitExceeded`, `quotaExceeded`, a per-day limit) are `.quotaExceeded`,
    /// even when the status is 403; 429 / `RESOURCE_EXHAUSTED` / `rateLimitExceeded` is `.rateLimited`
    /// with `Retry-After`; a 400 about a language is `.unsupportedPair`; 5xx is `.unavailable`.
    /// - Parameters:
    ///   - response: the response.
    ///   - http: the backend's HTTP helper, for its name and the generic status mapping.
    ///   - action: what was being done, e.g. `translation`.
    ///   - secrets: the key or token, to remove.
    static func translationError(
        for response: ParleyHTTPClient.Response, http: BackendHTTP, doing action: String, secrets: [String]
    ) -> TranslationError {
        let backend = http.backend
        let status = response.status
        guard let envelope = try? JSONDecoder().decode(Self.self, from: Data(response.body)) else {
            return redact(http.statusError(response, message: "Google answered \(BackendHTTP.snippet(response)) to \(action)"),
                          secrets: secrets)
        }
        let message = envelope.error.message ?? ""
        let lower = message.lowercased()
        let reasons = envelope.reasons
        let grpcStatus = envelope.error.status?.uppercased() ?? ""
        let metadata = (envelope.error.details ?? []).compactMap(\.metadata).flatMap(\.values).joined(separator: " ").lowercased()
        var said = "Google said '\(message)'"
        if !grpcStatus.isEmpty { said += " (\(grpcStatus))" }
        said += " to \(action)"

        let error: TranslationError
        if reasons.contains("api_key_invalid") || reasons.contains("keyinvalid") || reasons.contains("keyexpired")
            || lower.contains("api key not valid") || lower.contains("api key expired")
        {
            error = TranslationError(.authentication, backend: backend, status: status,
                                     message: "\(said); check the Google API key")
        } else if !reasons.isDisjoint(with: ["dailylimitexceeded", "dailylimitexceededunreg", "quotaexceeded"])
            || ((status == 429 || grpcStatus == "RESOURCE_EXHAUSTED")
                && (lower.contains("per day") || metadata.contains("perday") || metadata.contains("per day")))
        {
            error = TranslationError(
                .quotaExceeded, backend: backend, status: status,
                message: "\(said): the project's quota is used up; raise it in the Cloud console or route to another backend")
        } else if status == 429 || grpcStatus == "RESOURCE_EXHAUSTED"
            || !reasons.isDisjoint(with: ["ratelimitexceeded", "userratelimitexceeded", "rate_limit_exceeded"])
        {
            error = TranslationError(.rateLimited, backend: backend, status: status,
                                     retryAfter: BackendHTTP.retryAfter(response),
                                     message: "\(said); too many requests, slow down")
        } else if reasons.contains("billing_disabled") || reasons.contains("billingnotenabled") {
            error = TranslationError(.authentication, backend: backend, status: status,
                                     message: "\(said); enable billing for the key's Cloud project")
        } else if reasons.contains("service_disabled") || reasons.contains("accessnotconfigured") {
            error = TranslationError(.authentication, backend: backend, status: status,
                                     message: "\(said); enable the Cloud Translation API for the key's project")
        } else if status == 401 || status == 403 || grpcStatus == "UNAUTHENTICATED" || grpcStatus == "PERMISSION_DENIED" {
            error = TranslationError(.authentication, backend: backend, status: status,
                                     message: "\(said); check the key or token and its project's permissions")
        } else if status == 400 || grpcStatus == "INVALID_ARGUMENT" {
            if lower.contains("too long") || lower.contains("payload size exceeds") {
                error = TranslationError(.textTooLong, backend: backend, status: status, message: "\(said); send shorter text")
            } else if (lower.contains("language") && !lower.contains("glossary")) || message == "Invalid Value" {
                // v2 says only "Invalid Value" for an unknown `source` or `target`, the only free-valued fields sent.
                error = TranslationError(.unsupportedPair, backend: backend, status: status,
                                         message: "\(said); route this language pair to another backend")
            } else {
                error = TranslationError(.invalidRequest, backend: backend, status: status, message: said)
            }
        } else if status == 404 || grpcStatus == "NOT_FOUND" {
            error = TranslationError(.invalidRequest, backend: backend, status: status,
                                     message: "\(said); check the project, the location and the glossary name")
        } else {
            error = http.statusError(response, message: said)
        }
        return redact(error, secrets: secrets)
    }

    /// The error with every copy of the secrets (as given and as percent-encoded in a URL) removed.
    /// - Parameters:
    ///   - error: the error.
    ///   - secrets: keys or tokens.
    static func redact(_ error: TranslationError, secrets: [String]) -> TranslationError {
        error.redacting(secrets)
    }
}
