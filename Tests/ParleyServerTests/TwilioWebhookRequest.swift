import Crypto
import Foundation
import HTTPTypes
import Hummingbird

/// A Twilio webhook as Twilio sends it: form fields, percent-encoded, and the signature computed
/// here from Twilio's description (not with the code under test): base64(HMAC-SHA1(token, URL +
/// each field's name and value, sorted by name)).
struct TwilioWebhookRequest {
    var fields: [(String, String)]

    static func inbound(body: String, sid: String, from: String = "+525512345678", to: String = "+14105550100") -> Self {
        TwilioWebhookRequest(fields: [
            ("ToCountry", "US"), ("ToState", "MD"), ("SmsMessageSid", sid), ("NumMedia", "0"), ("ToCity", "BALTIMORE"),
            ("FromZip", ""), ("SmsSid", sid), ("FromState", ""), ("SmsStatus", "received"), ("FromCity", ""),
            ("Body", body), ("FromCountry", "MX"), ("To", to), ("ToZip", "21201"), ("NumSegments", "1"),
            ("MessageSid", sid), ("AccountSid", "AC0123456789abcdef0123456789abcdef"), ("From", from), ("ApiVersion", "2010-04-01"),
        ])
    }

    static func status(sid: String, status: String) -> Self {
        TwilioWebhookRequest(fields: [
            ("SmsSid", sid), ("SmsStatus", status), ("MessageStatus", status), ("To", "+525512345678"), ("MessageSid", sid),
            ("AccountSid", "AC0123456789abcdef0123456789abcdef"), ("From", "+14105550100"), ("ApiVersion", "2010-04-01"),
        ])
    }

    var body: ByteBuffer {
        var allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        allowed.insert(" ")
        let text = fields.map { name, value in
            let encode = { (text: String) in text.addingPercentEncoding(withAllowedCharacters: allowed)!.replacingOccurrences(of: " ", with: "+") }
            return encode(name) + "=" + encode(value)
        }.joined(separator: "&")
        return ByteBuffer(string: text)
    }

    static func signature(url: String, fields: [(String, String)], token: String) -> String {
        let data = url + fields.sorted { $0.0 < $1.0 }.map { $0.0 + $0.1 }.joined()
        let mac = HMAC<Insecure.SHA1>.authenticationCode(for: Data(data.utf8), using: SymmetricKey(data: Data(token.utf8)))
        return Data(mac).base64EncodedString()
    }

    func headers(url: String?, token: String) -> HTTPFields {
        var headers = HTTPFields()
        headers[.contentType] = "application/x-www-form-urlencoded"
        if let url { headers[HTTPField.Name("X-Twilio-Signature")!] = Self.signature(url: url, fields: fields, token: token) }
        return headers
    }
}
