public import ParleyTranslation

/// What the service's routes work with.
public struct ParleyServices: Sendable {
    /// The translation pipeline.
    public var pipeline: TranslationPipeline

    /// - Parameters:
    ///   - pipeline: the translation pipeline.
    public init(pipeline: TranslationPipeline) {
        self.pipeline = pipeline
    }
}
