internal import Foundation

/// A translation that did not happen, with what to do about it.
///
/// Messages never contain keys or tokens.
public struct TranslationError: Error, Sendable, CustomStringConvertible, Equatable {
    /// What kind of failure it was: compare with the static members, `error.code == .timeout`.
    /// New codes may be added without breaking a `switch` (which needs a `default`).
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case authentication, quotaExceeded, rateLimited, unsupportedPair, textTooLong, invalidRequest, badResponse, timeout, unavailable, circuitOpen, notConfigured, cancelled
        }

        private let base: Base

        private init(_ base: Base) { self.base = base }

        /// The key or token was refused: check the backend's credentials.
        public static let authentication = Code(.authentication)
        /// The account's quota is used up (DeepL 456, OpenAI `insufficient_quota`): raise it or fall back.
        public static let quotaExceeded = Code(.quotaExceeded)
        /// Too many requests (429): slow down; `retryAfter` says for how long when the provider said.
        public static let rateLimited = Code(.rateLimited)
        /// The backend does not translate this language pair: route the pair elsewhere.
        public static let unsupportedPair = Code(.unsupportedPair)
        /// The text is longer than the backend accepts: split it.
        public static let textTooLong = Code(.textTooLong)
        /// The request was malformed (a bug on our side or a bad option).
        public static let invalidRequest = Code(.invalidRequest)
        /// The backend answered with something that is not its API's response (malformed JSON, wrong count).
        public static let badResponse = Code(.badResponse)
        /// The backend took longer than the time limit.
        public static let timeout = Code(.timeout)
        /// The backend could not be reached or failed (connection refused or reset, 5xx).
        public static let unavailable = Code(.unavailable)
        /// The circuit breaker is open after repeated failures: the backend is not called for a while.
        public static let circuitOpen = Code(.circuitOpen)
        /// The backend is not configured (no URL or key).
        public static let notConfigured = Code(.notConfigured)
        /// The caller cancelled.
        public static let cancelled = Code(.cancelled)

        /// The code's name, e.g. `timeout`.
        public var description: String { base.rawValue }
    }

    /// What kind of failure it was.
    public var code: Code
    /// The backend's name.
    public var backend: String
    /// The HTTP status, when there was one.
    public var status: Int?
    /// How long the provider asked to wait (`Retry-After`).
    public var retryAfter: Duration?
    /// What went wrong and what to do.
    public var message: String

    public init(_ code: Code, backend: String, status: Int? = nil, retryAfter: Duration? = nil, message: String) {
        self.code = code
        self.backend = backend
        self.status = status
        self.retryAfter = retryAfter
        self.message = message
    }

    /// How long to wait before trying again, in whole seconds (rounded up, at least 1); nil when
    /// no wait is known.
    public var retryAfterSeconds: Int? {
        retryAfter.map(Self.wholeSeconds)
    }

    /// A duration in whole seconds, rounded up, at least 1: what a person reads ("30 s", never
    /// "29.773883465999997 seconds").
    public static func wholeSeconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return max(1, Int(seconds) + (attoseconds > 0 ? 1 : 0))
    }

    /// What a rep reads: what happened, in plain words, with no host, port, backend or internal
    /// name, and whole seconds. ``description`` keeps the technical detail for admins and logs.
    public var plainMessage: String {
        switch code {
        case .timeout: return "The translation service did not answer in time."
        case .unavailable: return "The translation service did not answer."
        case .circuitOpen:
            guard let seconds = retryAfterSeconds else { return "Translation is paused after repeated failures." }
            return "Translation is paused for \(seconds) s after repeated failures."
        case .rateLimited: return "The translation service is busy with too many requests."
        case .badResponse: return "The translation service answered with something that is not a translation."
        case .authentication: return "The translation service refused this service's credentials; an admin must check its settings."
        case .quotaExceeded: return "The translation service's quota is used up; an admin must raise it."
        case .notConfigured: return "No translation service is set up; an admin must configure one."
        case .unsupportedPair: return "No translation service here translates between these two languages; an admin can add one."
        case .textTooLong: return "The message is too long for the translation service; shorten it."
        case .invalidRequest: return "The translation service refused the request."
        case .cancelled: return "The translation was stopped before it finished."
        default: return "The translation failed."
        }
    }

    /// Whether the failure is the service's (unreachable, slow, busy, paused, answering badly,
    /// refusing this service's credentials), not the text's own: trying the same text later may work.
    public var isServiceFailure: Bool {
        [.timeout, .unavailable, .circuitOpen, .rateLimited, .badResponse, .authentication, .quotaExceeded, .notConfigured].contains(code)
    }

    /// Whether trying the same backend again may work: rate limits, time-outs and unavailability.
    public var isRetryable: Bool {
        code == .rateLimited || code == .timeout || code == .unavailable
    }

    /// Whether another backend may succeed where this one failed.
    public var allowsFallback: Bool {
        code != .invalidRequest && code != .cancelled
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
        var text = "\(backend): \(code)"
        if let status { text += " (HTTP \(status))" }
        text += ": \(message)"
        if let seconds = retryAfterSeconds { text += " (retry after \(seconds) s)" }
        return text
    }
}
