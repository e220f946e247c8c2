import Configuration
import Foundation
import ParleyMessaging
import ParleyServer
import ParleyTranslation

/// The service's settings beyond its command-line options, read through swift-configuration: the
/// command line first, then the environment, then a JSON file (`--config` or `PARLEY_CONFIG_FILE`).
///
/// Keys and their environment names (`parley.twilio.authToken` is `PARLEY_TWILIO_AUTH_TOKEN`):
///
/// | key | meaning |
/// |---|---|
/// | `parley.host`, `parley.port` | where to listen (port 0: any free port, printed once bound) |
/// | `parley.database` | an SQLite file or a `postgres://` URL |
/// | `parley.api.keys` | `core=KEY,rep:EMAIL=KEY,admin:EMAIL=KEY` (secret) |
/// | `parley.api.keysFile` | a file holding the keys |
/// | `parley.twilio.accountSid`, `parley.twilio.authToken` | send through Twilio; the token also signs webhooks |
/// | `parley.twilio.baseUrl`, `parley.twilio.statusCallback` | Twilio's API, the status webhook URL |
/// | `parley.webhooks.publicBaseUrl` | the public URL the provider calls, which signatures cover |
/// | `parley.web.trustedProxies` | the load balancers' addresses, comma-separated, whose `X-Forwarded-For` names the client |
/// | `parley.limits.requestsPerMinute`, `parley.limits.burst` | per API key (600 and 60) |
/// | `parley.jobs.leaseSeconds` | how long a replica holds a claimed job (translation, send) before another may take it over (120) |
/// | `parley.jobs.retrySeconds`, `parley.jobs.maximumRetrySeconds` | a failed job's first retry delay, doubled each time up to the maximum (5 and 60) |
/// | `parley.cache.memoryMegabytes` | the translation cache's memory budget in MiB (32); the persistent tier keeps the rest |
/// | `parley.retention.jobDays`, `parley.retention.eventDays`, `parley.retention.cacheDays` | how long finished jobs (7), thread events (30) and translation cache entries (30) are kept before the worker's sweep deletes them |
struct ServeSettings {
    var host: String
    var port: Int
    var database: String
    var apiKeys: String
    var twilio: TwilioSender.Configuration?
    var webhooks: WebhookSettings
    /// The load balancers whose `X-Forwarded-For` names the client.
    var trustedProxies: Set<String>
    var rateLimit: RateLimit
    /// How jobs run: their lease and retry delays.
    var jobs: Messaging.Configuration
    /// How long a translation stays in the cache's persistent tier.
    var cacheRetention: Duration
    /// The cache's memory tier budget, in bytes.
    var cacheMemoryBytes: Int

    /// Reads the settings.
    /// - Parameters:
    ///   - config: the configuration reader.
    ///   - readFile: reads a file named by a setting (the API keys file).
    init(config: ConfigReader, readFile: (String) throws -> String = { try String(contentsOfFile: $0, encoding: .utf8) }) throws(SettingsError) {
        host = config.string(forKey: "parley.host", default: "127.0.0.1")
        port = try Self.integer(config, "parley.port", default: 8080, in: 0...65_535)
        database = config.string(forKey: "parley.database").flatMap { $0.isEmpty ? nil : $0 } ?? "parley.sqlite"

        var keys = config.string(forKey: "parley.api.keys", isSecret: true) ?? ""
        if let file = config.string(forKey: "parley.api.keysFile"), !file.isEmpty {
            do {
                keys = try readFile(file).trimmingCharacters(in: .whitespacesAndNewlines)
            } catch {
                throw SettingsError("parley.api.keysFile: cannot read \(file): \(error.localizedDescription)")
            }
        }
        apiKeys = keys

        let token = config.string(forKey: "parley.twilio.authToken", isSecret: true).flatMap { $0.isEmpty ? nil : Secret($0) }
        let account = config.string(forKey: "parley.twilio.accountSid").flatMap { $0.isEmpty ? nil : $0 }
        let publicBaseURL = config.string(forKey: "parley.webhooks.publicBaseUrl").flatMap { $0.isEmpty ? nil : $0 }
        webhooks = WebhookSettings(authToken: token, publicBaseURL: publicBaseURL)
        trustedProxies = Set(
            (config.string(forKey: "parley.web.trustedProxies") ?? "").split(separator: ",")
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        switch (account, token) {
        case (let account?, let token?):
            guard account.hasPrefix("AC") else {
                throw SettingsError("parley.twilio.accountSid: '\(account)' is not an account SID (they start with AC)")
            }
            let statusCallback = config.string(forKey: "parley.twilio.statusCallback")
                ?? publicBaseURL.map { $0.trimmingSuffix("/") + "/webhooks/twilio/status" }
            twilio = TwilioSender.Configuration(
                accountSID: account, authToken: token,
                baseURL: config.string(forKey: "parley.twilio.baseUrl", default: "https://api.twilio.com"),
                statusCallback: statusCallback)
        case (.some, nil):
            throw SettingsError("parley.twilio.accountSid is set but parley.twilio.authToken (PARLEY_TWILIO_AUTH_TOKEN) is not")
        case (nil, _):
            twilio = nil
        }

        rateLimit = RateLimit(
            requestsPerMinute: try Self.integer(config, "parley.limits.requestsPerMinute", default: 600, in: 1...1_000_000),
            burst: try Self.integer(config, "parley.limits.burst", default: 60, in: 1...100_000))
        jobs = Messaging.Configuration(
            jobLease: .seconds(try Self.integer(config, "parley.jobs.leaseSeconds", default: 120, in: 1...86_400)),
            retryDelay: .seconds(try Self.integer(config, "parley.jobs.retrySeconds", default: 5, in: 1...86_400)),
            maximumRetryDelay: .seconds(try Self.integer(config, "parley.jobs.maximumRetrySeconds", default: 60, in: 1...86_400)),
            finishedJobRetention: .seconds(86_400 * (try Self.integer(config, "parley.retention.jobDays", default: 7, in: 1...3_650))),
            eventRetention: .seconds(86_400 * (try Self.integer(config, "parley.retention.eventDays", default: 30, in: 1...3_650))))
        cacheRetention = .seconds(86_400 * (try Self.integer(config, "parley.retention.cacheDays", default: 30, in: 1...3_650)))
        cacheMemoryBytes = (try Self.integer(config, "parley.cache.memoryMegabytes", default: 32, in: 1...65_536)) << 20
    }

    /// An integer setting: the default when absent, an error when it is not a number in bounds.
    static func integer(_ config: ConfigReader, _ key: String, default fallback: Int, in bounds: ClosedRange<Int>) throws(SettingsError) -> Int {
        let configKey = ConfigKey(key)
        if let value = config.int(forKey: configKey) {
            guard bounds.contains(value) else {
                throw SettingsError("\(key): \(value) is not from \(bounds.lowerBound) to \(bounds.upperBound)")
            }
            return value
        }
        // Present but not a number: say so rather than fall back silently.
        if let text = config.string(forKey: configKey) {
            throw SettingsError("\(key): '\(text)' is not a whole number from \(bounds.lowerBound) to \(bounds.upperBound)")
        }
        return fallback
    }
}

/// A setting that cannot be used, with its key.
struct SettingsError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension String {
    fileprivate func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
