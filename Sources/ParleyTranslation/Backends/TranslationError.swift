internal import Foundation

/// A translation that did not happen, with what to do about it.
///
/// Messages never contain keys or tokens.
public struct TranslationError: Error, Sendable, CustomStringConvertible, Equatable {
    /// What kind of failure it was.
    public enum Kind: String, Sendable, Hashable {
        /// The key or token was refused: check the backend's credentials.
        case authentication
        /// The account's quota is used up (DeepL 456, OpenAI `insufficient_quota`): raise it or fall back.
        case quotaExceeded
        /// Too many requests (429): slow down; `retryAfter` says for how long when the provider said.
        case rateLimited
        /// The backend does not translate this language pair: route the pair elsewhere.
        case unsupportedPair
        /// The text is longer than the backend accepts: split it.
        case textTooLong
        /// The request was malformed (a bug on our side or a bad option).
        case invalidRequest
        /// The backend answered with something that is not its API's response (malformed JSON, wrong count).
        case badResponse
        /// The backend took longer than the time limit.
        case timeout
        /// The backend could not be reached or failed (connection refused or reset, 5xx).
        case unavailable
        /// The circuit breaker is open after repeated failures: the backend is not called for a while.
        case circuitOpen
        /// The backend is not configured (no URL or key).
        case notConfigured
        /// The caller cancelled.
        case cancelled
    }

    public var kind: Kind
    /// The backend's name.
    public var backend: String
    /// The HTTP status, when there was one.
    public var status: Int?
    /// How long the provider asked to wait (`Retry-After`).
    public var retryAfter: Duration?
    /// What went wrong and what to do.
    public var message: String

    public init(_ kind: Kind, backend: String, status: Int? = nil, retryAfter: Duration? = nil, message: String) {
        self.kind = kind
        self.backend = backend
        self.status = status
        self.retryAfter = retryAfter
        self.message = message
    }

    /// Whether trying the same backend again may work: rate limits, time-outs and unavailability.
    public var isRetryable: Bool {
        kind == .rateLimited || kind == .timeout || kind == .unavailable
    }

    /// Whether another backend may succeed where this one failed.
    public var allowsFallback: Bool {
        kind != .invalidRequest && kind != .cancelled
    }

    /// The error with every copy of the secrets (as written and percent-encoded) replaced by
    /// `<redacted>` in its message, for providers that echo keys back.
    public func redacting(_ secrets: [String]) -> TranslationError {
        var error = self
        for secret in secrets where !secret.isEmpty {
            for form in [secret, BackendHTTP.queryEncode(secret)] {
                error.message = error.message.replacingOccurrences(of: form, with: "<redacted>")
            }
        }
        return error
    }

    public var description: String {
        var text = "\(backend): \(kind.rawValue)"
        if let status { text += " (HTTP \(status))" }
        text += ": \(message)"
        if let retryAfter { text += " (retry after \(retryAfter))" }
        return text
    }
}
