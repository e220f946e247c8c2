internal import ParleyMessaging
internal import Crypto
internal import Foundation
internal import HTTPTypes
internal import Hummingbird
internal import ParleyTranslation

/// Twilio's webhook signature (`X-Twilio-Signature`): base64 of HMAC-SHA1, keyed with the account's
/// auth token, over the full URL Twilio called followed by each POST parameter's name and value,
/// sorted by name (then value), as Twilio's helper libraries compute it.
///
/// A parameter repeated with the same value counts once, as in Twilio's libraries.
enum TwilioSignature {
    /// The header Twilio signs its webhooks in.
    static let header = HTTPField.Name("X-Twilio-Signature")!

    /// The signature of a webhook.
    /// - Parameters:
    ///   - url: the full URL Twilio called, with its query.
    ///   - parameters: the POST parameters, decoded.
    ///   - authToken: the account's auth token.
    static func compute(url: String, parameters: [(name: String, value: String)], authToken: Secret) -> String {
        // Byte order of the UTF-8 is code point order, as Twilio's libraries sort.
        // Each pair as name, NUL, value sorts by name, then value; equal pairs count once.
        var pairs: [(key: [UInt8], nameLength: Int)] = []
        var seen = Set<[UInt8]>()
        for parameter in parameters {
            var key: [UInt8] = Array(parameter.name.utf8)
            let nameLength = key.count
            key.append(0)
            key.append(contentsOf: parameter.value.utf8)
            if seen.insert(key).inserted { pairs.append((key, nameLength)) }
        }
        pairs.sort { (lhs: (key: [UInt8], nameLength: Int), rhs: (key: [UInt8], nameLength: Int)) -> Bool in
            lhs.key.lexicographicallyPrecedes(rhs.key)
        }
        var signed: [UInt8] = Array(url.utf8)
        for pair in pairs {
            signed.append(contentsOf: pair.key[..<pair.nameLength])
            signed.append(contentsOf: pair.key[(pair.nameLength + 1)...])
        }
        let key = SymmetricKey(data: Array(authToken.value.utf8))
        let mac = HMAC<Insecure.SHA1>.authenticationCode(for: signed, using: key)
        return Data(mac).base64EncodedString()
    }

    /// Whether a presented signature is the one expected, compared in constant time.
    /// - Parameters:
    ///   - signature: the `X-Twilio-Signature` header.
    ///   - url: the full URL Twilio called.
    ///   - parameters: the POST parameters.
    ///   - authToken: the account's auth token.
    static func isValid(
        _ signature: String, url: String, parameters: [(name: String, value: String)], authToken: Secret
    ) -> Bool {
        let expected = Array(compute(url: url, parameters: parameters, authToken: authToken).utf8)
        let presented = Array(signature.trimmingCharacters(in: .whitespaces).utf8)
        guard expected.count == presented.count else { return false }
        var difference: UInt8 = 0
        for index in expected.indices { difference |= expected[index] ^ presented[index] }
        return difference == 0
    }

    /// Checks a webhook's signature when the service has an auth token.
    ///
    /// The URL is the configured public base URL plus the request's path and query; without one, the
    /// request's `Host` with `https` or `http` (either may be what Twilio called).
    /// - Parameters:
    ///   - request: the webhook request.
    ///   - form: its decoded parameters.
    ///   - settings: the auth token and public base URL.
    /// - Throws: ``Problem`` 403 when the signature is missing or wrong.
    static func verify(_ request: Request, form: WebhookForm, settings: WebhookSettings) throws {
        guard let token = settings.authToken else { return }
        guard let signature = request.headers[header], !signature.isEmpty else {
            throw Problem(.forbidden, "Unsigned webhook", detail: "The request has no X-Twilio-Signature header; only Twilio may call this URL.")
        }
        let pathAndQuery = request.uri.description
        var urls: [String] = []
        if let base = settings.publicBaseURL {
            var base = base
            while base.hasSuffix("/") { base.removeLast() }
            urls.append(base + pathAndQuery)
        } else if let host = request.head.authority ?? request.headers[values: HTTPField.Name("Host")!].first {
            urls = ["https://\(host)\(pathAndQuery)", "http://\(host)\(pathAndQuery)"]
        }
        guard urls.contains(where: { isValid(signature, url: $0, parameters: form.fields, authToken: token) }) else {
            throw Problem(
                .forbidden, "Bad signature",
                detail: "The X-Twilio-Signature does not match this request; check the auth token and the public URL Twilio calls.")
        }
    }
}
