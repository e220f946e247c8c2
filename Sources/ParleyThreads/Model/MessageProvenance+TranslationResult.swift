public import ParleyTranslation
internal import ParleyGlossary

extension MessageProvenance {
    /// The provenance of a pipeline result, with its warnings.
    /// - Parameters:
    ///   - provenance: the result's provenance.
    ///   - warnings: the result's warnings.
    public init(_ provenance: TranslationProvenance, warnings: [PipelineWarning] = []) {
        self.init(
            backend: provenance.backend,
            glossaryVersion: provenance.glossaryVersion?.identifier,
            origin: provenance.origin.rawValue,
            placeholderStyle: provenance.placeholderStyle?.rawValue,
            warnings: warnings.map { Warning(kind: $0.kind.rawValue, text: $0.message) },
            stages: provenance.stages.map { Stage(stage: $0.stage, microseconds: $0.microseconds) }
        )
    }
}
