internal import ParleyMessaging
internal import Foundation
public import Hummingbird

/// Any `Encodable` value as a JSON response (dates in ISO 8601), with a status.
public struct JSONResponse<Value: Encodable>: ResponseGenerator {
    /// The status.
    public var status: HTTPResponse.Status
    /// The body.
    public var value: Value

    /// - Parameters:
    ///   - value: the body.
    ///   - status: the status; 200 by default.
    public init(_ value: Value, status: HTTPResponse.Status = .ok) {
        self.value = value
        self.status = status
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: try JSON.encoder.encode(value))))
    }
}

/// The service's JSON coders: ISO 8601 dates, sorted keys.
enum JSON {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}
