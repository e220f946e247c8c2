internal import ParleyMessaging
internal import Foundation
internal import Hummingbird
internal import Mustache

/// The web panel's Mustache templates (`Resources/templates/*.mustache`), loaded once. Every
/// `{{value}}` is HTML-escaped; the templates never use triple mustaches, so no value reaches a
/// page unescaped.
enum WebTemplates {
    /// The library, or why it could not be loaded.
    static let library: Result<MustacheLibrary, WebTemplatesError> = load()

    private static func load() -> Result<MustacheLibrary, WebTemplatesError> {
        guard let folder = Bundle.module.url(forResource: "templates", withExtension: nil) else {
            return .failure(WebTemplatesError(message: "the templates folder is missing from this build's resources"))
        }
        var library = MustacheLibrary()
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        for file in names where file.hasSuffix(".mustache") {
            let name = String(file.dropLast(".mustache".count))
            do {
                let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
                try library.register(text, named: name)
            } catch {
                return .failure(WebTemplatesError(message: "template \(file) does not parse: \(error)"))
            }
        }
        return .success(library)
    }

    /// A page: `template` rendered with `values`, as `text/html`.
    /// - Parameters:
    ///   - template: the template's name (its file name without `.mustache`).
    ///   - values: what the template shows; structs are read through their properties.
    ///   - status: the HTTP status.
    static func page(_ template: String, _ values: Any, status: HTTPResponse.Status = .ok) throws -> Response {
        let library = try library.get()
        guard let html = library.render(values, withTemplate: template) else {
            throw Problem(.internalServerError, "Missing page template", detail: "\(template).mustache is not among this build's templates.")
        }
        return Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }
}

/// The web panel's templates could not be loaded.
struct WebTemplatesError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
