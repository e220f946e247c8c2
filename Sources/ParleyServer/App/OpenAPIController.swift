internal import ParleyMessaging
internal import Foundation
internal import Hummingbird

/// `GET /openapi.yaml`: the API's OpenAPI 3.1 description, as shipped in the module's resources.
struct OpenAPIController {
    /// The description's text, read once.
    static let document: String? = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml") else { return nil }
        return try? String(contentsOf: url, encoding: .utf8)
    }()

    func addRoutes(to router: Router<some RequestContext>) {
        router.get("openapi.yaml") { _, _ -> Response in
            guard let document = Self.document else {
                throw Problem(.internalServerError, "No API description", detail: "openapi.yaml is missing from this build's resources.")
            }
            return Response(
                status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: document)))
        }
    }
}
