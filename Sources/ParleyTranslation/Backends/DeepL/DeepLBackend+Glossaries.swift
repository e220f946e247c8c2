internal import Foundation
internal import ParleyHTTP
public import ParleyLanguage

extension DeepLBackend {
    /// Creates a DeepL v2 glossary (`POST /v2/glossaries`, `entries_format: "tsv"`) and returns its id,
    /// to pass as `TranslationOptions.providerGlossary`.
    ///
    /// A v2 glossary holds one direction and cannot be edited: to change it, create a new one. It is
    /// keyed by base languages (`EN`, not `EN-US`), and translating with it needs an explicit source
    /// language. DeepL rejects duplicate source terms.
    /// - Parameters:
    ///   - name: a name for people, e.g. `hvac en→es v3`.
    ///   - source: the language of the source terms (not `und`).
    ///   - target: the language of the target terms.
    ///   - entriesTSV: one entry a line, `source term<TAB>target term`, no header.
    /// - Returns: the `glossary_id`.
    public func createGlossary(name: String, source: LanguageTag, target: LanguageTag, entriesTSV: String)
        async throws(TranslationError) -> String
    {
        guard !source.isUndetermined else {
            throw TranslationError(
                .invalidRequest, backend: self.name,
                message: "a DeepL glossary needs a source language; pass the language of the source terms")
        }
        guard let sourceCode = baseCode(for: source), let targetCode = baseCode(for: target) else {
            throw TranslationError(
                .unsupportedPair, backend: self.name,
                message: "DeepL has no glossaries for \(LanguagePair(source, target)); keep the terms in Parley's own glossary")
        }
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty,
              entriesTSV.split(whereSeparator: \.isNewline).contains(where: { $0.contains("\t") })
        else {
            throw TranslationError(
                .invalidRequest, backend: self.name,
                message: "a DeepL glossary needs a name and at least one 'source<TAB>target' line")
        }
        try checkConfigured()
        let body = GlossaryRequest(
            name: name, sourceLang: sourceCode, targetLang: targetCode, entries: entriesTSV, entriesFormat: "tsv")
        let response = try await send("POST", "/v2/glossaries", body: body)
        guard response.status == 200 || response.status == 201 else {
            throw failure(response, doing: "glossary creation")
        }
        let created = try decode(GlossaryResponse.self, from: response)
        guard !created.glossaryID.isEmpty else {
            throw TranslationError(.badResponse, backend: self.name, status: response.status,
                                   message: "DeepL created a glossary but returned an empty glossary_id")
        }
        return created.glossaryID
    }
}

extension DeepLBackend {
    private struct GlossaryRequest: Encodable {
        var name: String
        var sourceLang: String
        var targetLang: String
        var entries: String
        var entriesFormat: String

        enum CodingKeys: String, CodingKey {
            case name, entries
            case sourceLang = "source_lang"
            case targetLang = "target_lang"
            case entriesFormat = "entries_format"
        }
    }

    private struct GlossaryResponse: Decodable {
        var glossaryID: String

        enum CodingKeys: String, CodingKey {
            case glossaryID = "glossary_id"
        }
    }
}
