/// Why a test database could not be made, e.g. PARLEY_POSTGRES_URL is not set.
public struct TestDatabaseError: Error, CustomStringConvertible {
    /// What went wrong and what to do.
    public var message: String

    public var description: String { message }
}
