public import Logging
public import ParleyLanguage

/// A template translated into one language ahead of use.
public struct PreparedTemplate: Sendable, Hashable {
    /// The English template.
    public var template: MessageTemplate
    /// The language it was translated into.
    public var language: LanguageTag
    /// The translation; its ``TranslationResult/text`` keeps the `{{variables}}`.
    public var translation: TranslationResult

    /// Whether the translation passed every check and can be used.
    public var isUsable: Bool { translation.isUsable }

    /// The translated template with its variables filled in.
    /// - Parameters:
    ///   - values: a value for each variable.
    /// - Throws: ``TemplateError`` for missing values, and when the translation must be reviewed or
    ///   failed (nothing unchecked is rendered for sending).
    public func render(_ values: [String: String]) throws(TemplateError) -> String {
        guard isUsable else {
            throw TemplateError(template: template.id, missingVariables: [], reason:
                "its \(language) translation is \(translation.status.rawValue): "
                + (translation.failure?.message ?? translation.problems.first ?? "review it first"))
        }
        return try MessageTemplate.render(translation.text, values: values, template: template.id)
    }
}

extension TranslationPipeline {
    /// Translates templates into languages ahead of use: one batch per language, cached like any
    /// translation, so a later ``TranslationPipeline/outbound(_:context:logger:)`` of the same text is a cache hit.
    /// - Parameters:
    ///   - templates: the English templates.
    ///   - languages: the languages to prepare.
    ///   - logger: where to log the stages (never the texts); nil for none.
    /// - Returns: one prepared template per template and language, templates in order within each
    ///   language.
    public func prepare(
        _ templates: [MessageTemplate], for languages: [LanguageTag], logger: Logger? = nil
    ) async -> [PreparedTemplate] {
        var prepared: [PreparedTemplate] = []
        for language in languages {
            let results = await translate(templates.map(\.text), from: configuration.repLanguage, to: language, logger: logger)
            for (template, result) in zip(templates, results) {
                prepared.append(PreparedTemplate(template: template, language: language, translation: result))
            }
        }
        return prepared
    }
}
