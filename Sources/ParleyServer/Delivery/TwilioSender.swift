public import ParleyHTTP
public import ParleyMessaging
internal import Foundation
public import ParleyThreads
public import ParleyTranslation

/// Sends SMS through Twilio's Programmable Messaging REST API:
/// `POST {baseURL}/2010-04-01/Accounts/{AccountSid}/Messages.json` with `To`, `From`, `Body` (and
/// `StatusCallback`), HTTP Basic authentication with the account SID and auth token.
///
/// Twilio's refusals (400 with its `{code, message, more_info, status}` JSON) and bad credentials
/// are final; rate limits, server errors and network failures may work later. The auth token never
/// appears in an error.
///
/// ```swift
/// let sender = TwilioSender(configuration: .init(accountSID: "AC…", authToken: Secret(token),
///                                                statusCallback: "https://parley.example.com/webhooks/twilio/status"),
///                           client: .shared)
/// let sid = try await sender.send("Hola", from: business, to: contact)  // "SM…"
/// ```
public struct TwilioSender: MessageSender {
    /// The account and where to reach Twilio.
    public struct Configuration: Sendable {
        /// The account SID, `AC…`.
        public var accountSID: String
        /// The account's auth token.
        public var authToken: Secret
        /// Twilio's API base URL; another one only for tests.
        public var baseURL: String
        /// The URL Twilio posts delivery statuses to (`/webhooks/twilio/status`); nil for none.
        public var statusCallback: String?
        /// The time limit of one request.
        public var timeout: Duration

        /// - Parameters:
        ///   - accountSID: the account SID.
        ///   - authToken: the auth token.
        ///   - baseURL: Twilio's API base URL.
        ///   - statusCallback: the delivery-status webhook URL.
        ///   - timeout: the time limit of one request.
        public init(
            accountSID: String, authToken: Secret, baseURL: String = "https://api.twilio.com",
            statusCallback: String? = nil, timeout: Duration = .seconds(15)
        ) {
            self.accountSID = accountSID
            self.authToken = authToken
            self.baseURL = baseURL
            self.statusCallback = statusCallback
            self.timeout = timeout
        }
    }

    public let name = "twilio"
    /// The account and where to reach Twilio.
    public let configuration: Configuration
    private let client: ParleyHTTPClient

    /// - Parameters:
    ///   - configuration: the account and where to reach Twilio.
    ///   - client: the HTTP client, shared with the rest of the process.
    public init(configuration: Configuration, client: ParleyHTTPClient) {
        self.configuration = configuration
        self.client = client
    }

    /// Twilio's answer to a created message (only what Parley reads).
    struct Created: Decodable {
        var sid: String
        var status: String?
    }

    /// Twilio's error body.
    struct TwilioError: Decodable {
        var code: Int?
        var message: String?
        var moreInfo: String?
        var status: Int?

        enum CodingKeys: String, CodingKey {
            case code, message, moreInfo = "more_info", status
        }
    }

    public func send(_ body: String, from: PhoneNumber, to: PhoneNumber) async throws(SendError) -> String {
        var base = configuration.baseURL
        while base.hasSuffix("/") { base.removeLast() }
        let url = "\(base)/2010-04-01/Accounts/\(Self.formEncode(configuration.accountSID))/Messages.json"
        var fields = [("To", to.e164), ("From", from.e164), ("Body", body)]
        if let callback = configuration.statusCallback { fields.append(("StatusCallback", callback)) }
        let form = fields.map { "\(Self.formEncode($0.0))=\(Self.formEncode($0.1))" }.joined(separator: "&")
        let credentials = Data("\(configuration.accountSID):\(configuration.authToken.value)".utf8).base64EncodedString()
        let request = ParleyHTTPClient.Request(
            method: "POST", url: url,
            headers: [
                ("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "application/json"),
                ("Authorization", "Basic \(credentials)"),
            ],
            body: Array(form.utf8), timeout: configuration.timeout)

        let response: ParleyHTTPClient.Response
        do {
            response = try await client.execute(request)
        } catch {
            throw Self.transportError(error)
        }
        switch response.status {
        case 200...299:
            guard let created = try? JSONDecoder().decode(Created.self, from: Data(response.body)), !created.sid.isEmpty else {
                // Twilio took the message but its answer is unreadable: sending again could send it twice.
                throw SendError("Twilio accepted the message but its answer has no message sid: \(Self.snippet(response))", isRetryable: false)
            }
            return created.sid
        default:
            throw Self.statusError(response)
        }
    }

    static func statusError(_ response: ParleyHTTPClient.Response) -> SendError {
        let twilio = try? JSONDecoder().decode(TwilioError.self, from: Data(response.body))
        var said = twilio?.message.map { "Twilio says: \($0)" } ?? "Twilio answered \(snippet(response))"
        if let code = twilio?.code { said += " (error \(code)" + (twilio?.moreInfo.map { ", \($0))" } ?? ")") }
        switch response.status {
        case 401:
            return SendError("Twilio rejected the account SID or auth token (401); check the Twilio credentials. \(said)", isRetryable: false)
        case 403:
            return SendError("Twilio refused the request (403): the account may not send this message. \(said)", isRetryable: false)
        case 404:
            return SendError("Twilio does not know the account (404); check the account SID. \(said)", isRetryable: false)
        case 429:
            return SendError("Twilio is rate limiting (429); the message can be sent again later. \(said)", isRetryable: true)
        case 500...599:
            return SendError("Twilio failed (\(response.status)); the message can be sent again later. \(said)", isRetryable: true)
        default:
            return SendError("Twilio refused the message (\(response.status)). \(said)", isRetryable: false)
        }
    }

    static func transportError(_ error: ParleyHTTPClientError) -> SendError {
        switch error.code {
        case .timeout:
            // Twilio may have taken the message before the time ran out.
            SendError("Twilio did not answer in time (\(error.message)); it may or may not have taken the message.", isRetryable: true)
        case .connectionFailed, .connectionLost, .tls:
            SendError("Twilio could not be reached: \(error.message)", isRetryable: true)
        case .invalidRequest:
            SendError("The Twilio request is invalid (\(error.message)); check the Twilio base URL.", isRetryable: false)
        case .responseTooLarge:
            SendError("Twilio's answer was too large: \(error.message)", isRetryable: false)
        case .cancelled, .shutdown:
            SendError("Sending was cancelled: \(error.message)", isRetryable: true)
        default:
            SendError("Twilio could not be reached: \(error.message)", isRetryable: true)
        }
    }

    static func snippet(_ response: ParleyHTTPClient.Response) -> String {
        let text = response.text
        return text.isEmpty ? "(empty body)" : "'\(text.prefix(200))\(text.count > 200 ? "…" : "")'"
    }

    /// Percent-encoding for form fields: only RFC 3986's unreserved ASCII characters stay as they are.
    static func formEncode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }

    private static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}
