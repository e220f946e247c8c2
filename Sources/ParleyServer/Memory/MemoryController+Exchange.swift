internal import Foundation
internal import Hummingbird
internal import ParleyMessaging
internal import ParleyThreads

extension MemoryController {
    /// The largest TMX file an import takes.
    static let importLimit = 16 * 1_048_576

    func addExchangeRoutes(to group: RouterGroup<ParleyRequestContext>) {
        group.post("memory/import", use: importFile)
        group.get("memory/export", use: export)
    }

    /// `POST /v1/memory/import?mode=merge|replace`: a TMX 1.4b file as the body; what was added,
    /// replaced and refused (a unit that cannot be used does not stop the rest).
    @Sendable func importFile(_ request: Request, context: ParleyRequestContext) async throws -> JSONResponse<MemoryImportReport> {
        let identity = try context.requireIdentity()
        let messaging = try services.requireMessaging()
        let mode = request.uri.queryParameters["mode"].map { String($0).lowercased() } ?? "merge"
        guard mode == "merge" || mode == "replace" else {
            throw Problem(.badRequest, "Unknown mode", detail: "'\(mode)' is not an import mode; use merge or replace.")
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: Self.importLimit)
        } catch {
            throw Problem(.contentTooLarge, "File too large", detail: "TMX files may have at most \(Self.importLimit / 1_048_576) MiB.")
        }
        let name = request.uri.queryParameters["name"].map(String.init) ?? "upload.tmx"
        return JSONResponse(try await messaging.importMemory(Data(body.readableBytesView), name: name, replace: mode == "replace", by: identity))
    }

    /// `GET /v1/memory/export?language=es`: the approved entries as a TMX 1.4b file.
    @Sendable func export(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let messaging = try services.requireMessaging()
        let language = request.uri.queryParameters["language"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        let text = try await messaging.exportMemory(language: language, by: identity)
        let industry = try messaging.memoryIndustry()
        var headers = HTTPFields()
        headers[.contentType] = "application/x-tmx+xml; charset=utf-8"
        headers[.contentDisposition] = "attachment; filename=\"\(industry)-memory.tmx\""
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
