/// What a shared token bucket said to one attempt (``ThreadStore/takeSharedToken(key:capacity:perSecond:at:)``).
public struct SharedTokenDecision: Sendable, Hashable {
    /// Whether the attempt took a token.
    public var allowed: Bool
    /// The tokens left in the bucket after it (below 1 when refused).
    public var tokens: Double

    /// - Parameters:
    ///   - allowed: whether the attempt took a token.
    ///   - tokens: the tokens left.
    public init(allowed: Bool, tokens: Double) {
        self.allowed = allowed
        self.tokens = tokens
    }
}
