internal import ParleyMessaging
internal import Crypto
internal import Foundation
internal import Hummingbird

/// `GET /assets/NAME`: the web panel's stylesheets, scripts and icon, from the module's resources.
/// Pages link them with a content hash (`/assets/app.css?v=HASH`), so they are cached for a year
/// and a new build's assets are fetched anew. `GET /favicon.ico`, which browsers ask for on their
/// own, is sent to the icon, `favicon.svg`.
struct AssetsController {
    struct Asset: Sendable {
        var bytes: [UInt8]
        var contentType: String
        /// The first 16 hex digits of the content's SHA-256.
        var version: String
    }

    static let contentTypes = ["css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8", "svg": "image/svg+xml"]

    /// Every asset by file name, read once.
    static let assets: [String: Asset] = {
        guard let folder = Bundle.module.url(forResource: "assets", withExtension: nil),
            let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path)
        else { return [:] }
        var assets: [String: Asset] = [:]
        for name in names {
            guard let type = contentTypes[(name as NSString).pathExtension],
                let data = try? Data(contentsOf: folder.appendingPathComponent(name))
            else { continue }
            let digest = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
            assets[name] = Asset(bytes: Array(data), contentType: type, version: String(digest.prefix(16)))
        }
        return assets
    }()

    /// The URL a page links an asset with: its path and content hash.
    static func url(_ name: String) -> String {
        "/assets/\(name)?v=\(assets[name]?.version ?? "0")"
    }

    func addRoutes(to router: Router<some RequestContext>) {
        router.get("favicon.ico") { _, _ -> Response in
            Response.redirect(to: Self.url("favicon.svg"), type: .found)
        }
        router.get("assets/:name") { _, context -> Response in
            guard let name = context.parameters.get("name"), let asset = Self.assets[name] else {
                throw Problem(.notFound, "No such asset", detail: "The web panel has no asset by this name.")
            }
            return Response(
                status: .ok,
                headers: [
                    .contentType: asset.contentType, .cacheControl: "public, max-age=31536000, immutable",
                    .eTag: "\"\(asset.version)\"",
                ],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: asset.bytes)))
        }
    }
}
