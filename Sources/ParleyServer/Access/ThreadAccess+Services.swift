internal import HTTPTypes
internal import ParleyMessaging
internal import ParleyThreads

extension ThreadAccess {
    /// The store of a service, or a 503 problem when it runs without one.
    static func store(_ services: ParleyServices) throws -> any ThreadStore {
        guard let store = services.store else {
            throw Problem(.serviceUnavailable, "No conversation store", detail: "This service runs without a database; start it with --database.")
        }
        return store
    }
}
