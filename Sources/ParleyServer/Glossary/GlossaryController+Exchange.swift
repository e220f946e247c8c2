internal import ParleyMessaging
internal import Foundation
internal import Hummingbird
internal import ParleyGlossary
internal import ParleyLanguage

extension GlossaryController {
    /// What an import did.
    struct Imported: Encodable {
        var industry: String
        var mode: String
        /// Concepts added, changed and removed.
        var added: Int
        var changed: Int
        var removed: Int
        /// The glossary's version after the import (unchanged when it changed nothing).
        var version: GlossaryVersion
        /// The version before; nil when the import made the glossary.
        var previousVersion: GlossaryVersion?
        /// What changed, one line per change.
        var changes: [String]
    }

    /// `POST /v1/glossaries/:industry/import?mode=merge|replace&language=`: a TBX, CSV, TSV or
    /// glossary JSON file as the body, by `Content-Type`; `language` names a TBX file's `xx` terms
    /// (as translate-toolkit's `csv2tbx` writes them). A file with problems is refused whole (422, with lines).
    @Sendable func importFile(_ request: Request, context: ParleyRequestContext) async throws
        -> EditedResponse<JSONResponse<Imported>>
    {
        let author = try await admin(context)
        let (shelf, industry) = try target(context)
        let format = try Self.importFormat(request.headers[.contentType])
        let query = request.uri.queryParameters
        let modeName = query["mode"].map(String.init) ?? GlossaryImporter.Mode.merge.rawValue
        guard let mode = GlossaryImporter.Mode(rawValue: modeName) else {
            throw Problem(.badRequest, "Unknown mode", detail: "mode is merge (the default: the file's terms join the glossary) or replace (the file becomes the glossary).")
        }
        let limit = TBXReader().maximumSize
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch {
            throw Problem(.contentTooLarge, "File too large", detail: "Glossary files may have at most \(limit / 1_048_576) MiB.")
        }
        let data = Data(buffer.readableBytesView)
        let file = "upload.\(format.rawValue)"
        let expected = Self.expectedVersions(request, field: query["baseVersion"].map(String.init))
        // The path names the industry; a TBX file exported from another industry may be copied in.
        // csv2tbx writes its target terms as xx: `?language=es` names them.
        var placeholder: LanguageTag?
        if let code = query["language"].map(String.init), !code.isEmpty {
            guard let tag = LanguageTag(code), !tag.isUndetermined else {
                throw Problem(.badRequest, "Unknown language", detail: "'\(code)' is not a language tag such as es or zh-Hans.")
            }
            placeholder = tag
        }
        let importer = GlossaryImporter(format: format, mode: mode, acceptsOtherSubjectField: true, placeholderLanguage: placeholder)
        let action = "import \(format.rawValue) (\(mode.rawValue))"
        let edit = try await perform(on: shelf, industry, by: author, action: action, context: context) { current in
            try Self.check(expected, against: current)
            return try importer.apply(data, file: file, to: current)
        }
        let diff = GlossaryDiff(from: edit.before, to: edit.after)
        let version = edit.after.version
        let previous: GlossaryVersion? = if let entry = edit.entry { entry.from } else { version }
        let imported = Imported(
            industry: industry, mode: mode.rawValue, added: diff.addedConcepts.count, changed: diff.changedConcepts.count,
            removed: diff.removedConcepts.count, version: version, previousVersion: previous, changes: diff.changes)
        return EditedResponse(headers: Self.eTag(version), response: JSONResponse(imported))
    }

    /// `GET /v1/glossaries/:industry/export?format=tbx|csv|tsv`: the glossary as a file (TBX by
    /// default; CSV and TSV as equivalent term sets, one column per language).
    @Sendable func export(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        _ = try context.requireIdentity()
        let (shelf, industry) = try target(context)
        let formatName = request.uri.queryParameters["format"].map { String($0).lowercased() } ?? "tbx"
        guard let format = GlossaryExporter.Format(rawValue: formatName) else {
            throw Problem(.badRequest, "Unknown format", detail: "format is tbx (the default), csv or tsv.")
        }
        let glossary = try Self.existing(industry, in: shelf)
        var headers = Self.eTag(glossary.version)
        headers[.contentType] = Self.contentType(format)
        headers[.contentDisposition] = "attachment; filename=\"\(industry).\(format.rawValue)\""
        let text = GlossaryExporter(format: format).write(glossary)
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    static func contentType(_ format: GlossaryExporter.Format) -> String {
        switch format {
        case .tbx: "application/x-tbx"
        case .csv: "text/csv; charset=utf-8"
        case .tsv: "text/tab-separated-values; charset=utf-8"
        }
    }

    /// The import format a `Content-Type` names; a 415 problem for others.
    static func importFormat(_ contentType: String?) throws -> GlossaryImporter.Format {
        let mediaType = contentType?.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        switch mediaType {
        case "application/x-tbx", "application/tbx+xml", "application/xml", "text/xml": return .tbx
        case "text/csv": return .csv
        case "text/tab-separated-values": return .tsv
        case "application/json": return .json
        default:
            throw Problem(
                .unsupportedMediaType, "Unsupported file type",
                detail: "Send the file with Content-Type application/x-tbx (or application/xml), text/csv, "
                    + "text/tab-separated-values or application/json, not '\(mediaType)'.")
        }
    }
}
