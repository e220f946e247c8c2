import ArgumentParser
import ParleyHTTP
import ParleyTranslation

extension ParleyHTTPClient.Configuration {
    /// The HTTP client's limits from the environment: `PARLEY_BACKEND_CONNECT_TIMEOUT_MS` (3,000),
    /// the time to connect; every other limit keeps its default.
    /// - Parameter environment: the variables.
    /// - Throws: `ValidationError` naming the variable when it is not a positive number.
    init(environment: [String: String]) throws(ValidationError) {
        self.init(connectTimeout: try BackendConfiguration.milliseconds(
            "PARLEY_BACKEND_CONNECT_TIMEOUT_MS", default: 3_000, environment: environment))
    }
}
