import Foundation
import Hummingbird
import Synchronization

/// Twilio's Messages API as it answers, for `TwilioSender`: a Hummingbird app on a loopback port.
///
/// It checks what Twilio checks — the path with the account SID, HTTP Basic credentials, the `To`,
/// `From` and `Body` form fields — and answers in Twilio's shapes: 201 with the message resource
/// (`sid` `SM…`, `status` `queued`), 400 with `{code, message, more_info, status}` for Twilio's magic
/// invalid number `+15005550001` (error 21211), 401 error 20003 for wrong credentials, and a 503
/// from the load balancer when the body asks for one.
final class TwilioFake: Sendable {
    struct Received: Sendable {
        var path: String
        var authorization: String?
        var contentType: String?
        var form: [String: String]
    }

    let accountSID: String
    let authToken: String
    private let log = Mutex<[Received]>([])

    init(accountSID: String = "AC0123456789abcdef0123456789abcdef", authToken: String = "fake-twilio-auth-token-0123456789") {
        self.accountSID = accountSID
        self.authToken = authToken
    }

    var received: [Received] { log.withLock { $0 } }

    /// The app to run with `.live`.
    func application() -> some ApplicationProtocol {
        let router = Router()
        router.post("2010-04-01/Accounts/:account/Messages.json") { request, context in
            try await self.create(request, account: context.parameters.get("account") ?? "")
        }
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }

    private func create(_ request: Request, account: String) async throws -> Response {
        let body = try await request.body.collect(upTo: 1_048_576)
        let form = Self.decodeForm(String(buffer: body))
        let received = Received(
            path: request.uri.path, authorization: request.headers[.authorization], contentType: request.headers[.contentType], form: form)
        log.withLock { $0.append(received) }

        let expected = "Basic " + Data("\(accountSID):\(authToken)".utf8).base64EncodedString()
        guard account == accountSID, received.authorization == expected else {
            return Self.json(401, [
                "code": 20003, "detail": "Your AccountSid or AuthToken was incorrect.", "message": "Authenticate",
                "more_info": "https://www.twilio.com/docs/errors/20003", "status": 401,
            ])
        }
        guard let to = form["To"], let from = form["From"], let text = form["Body"] else {
            return Self.json(400, [
                "code": 21604, "message": "A 'To' phone number is required.", "more_info": "https://www.twilio.com/docs/errors/21604",
                "status": 400,
            ])
        }
        if text == "please answer 503" {
            var headers = HTTPFields()
            headers[.contentType] = "text/html"
            return Response(status: .serviceUnavailable, headers: headers, body: .init(byteBuffer: ByteBuffer(string: "<html><body>Service Unavailable</body></html>")))
        }
        if to == "+15005550001" {
            return Self.json(400, [
                "code": 21211, "message": "Invalid 'To' Phone Number: +1500555XXXX", "more_info": "https://www.twilio.com/docs/errors/21211",
                "status": 400,
            ])
        }
        let sid = "SM" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        return Self.json(201, [
            "account_sid": accountSID, "api_version": "2010-04-01", "body": text, "date_created": "Thu, 24 Aug 2023 05:01:45 +0000",
            "date_sent": NSNull(), "date_updated": "Thu, 24 Aug 2023 05:01:45 +0000", "direction": "outbound-api",
            "error_code": NSNull(), "error_message": NSNull(), "from": from, "messaging_service_sid": NSNull(), "num_media": "0",
            "num_segments": "1", "price": NSNull(), "price_unit": "USD", "sid": sid, "status": "queued",
            "subresource_uris": ["media": "/2010-04-01/Accounts/\(accountSID)/Messages/\(sid)/Media.json"], "to": to,
            "uri": "/2010-04-01/Accounts/\(accountSID)/Messages/\(sid).json",
        ])
    }

    private static func json(_ status: Int, _ object: [String: Any]) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return Response(status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func decodeForm(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
            }
            result[parts[0]] = parts.count > 1 ? parts[1] : ""
        }
        return result
    }
}
