public import ParleyThreads

/// A business number with the rep it is assigned to.
public struct NumberAssignment: Sendable, Hashable {
    /// The number.
    public var number: BusinessNumber
    /// Its rep.
    public var rep: Rep
}
