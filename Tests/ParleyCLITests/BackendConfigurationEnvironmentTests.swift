import ArgumentParser
import Foundation
import ParleyLanguage
import ParleyHTTP
import ParleyTranslation
import Testing

@testable import parley

/// `parley`'s reading of the backend configuration from the environment: the same variables and
/// messages as always, now into the typed configuration.
@Suite struct BackendConfigurationEnvironmentTests {
    @Test func defaultIsTheLocalApertium() throws {
        let configuration = try BackendConfiguration(environment: [:])
        #expect(configuration.chain.map(\.name) == ["apertium"])
        #expect(configuration.routes.isEmpty)
        #expect(configuration.attempts == 3)
        #expect(configuration.timeout == .milliseconds(10_000))
        guard case .apertium(let apertium) = configuration.chain[0] else { Issue.record("not Apertium"); return }
        #expect(apertium.url == "http://127.0.0.1:2737")
    }

    @Test func chainsRoutesAndLimits() throws {
        let configuration = try BackendConfiguration(environment: [
            "PARLEY_BACKEND": "deepl, google,apertium",
            "PARLEY_ROUTES": "es-en=apertium;en-es=apertium;*-*=deepl,google",
            "PARLEY_DEEPL_KEY": "k1:fx", "PARLEY_GOOGLE_KEY": "k2", "PARLEY_APERTIUM_URL": "http://127.0.0.1:9999",
            "PARLEY_BACKEND_TIMEOUT_MS": "2500", "PARLEY_BACKEND_RETRIES": "5",
        ])
        #expect(configuration.chain.map(\.name) == ["deepl", "google", "apertium"])
        #expect(configuration.routes.map(\.source) == ["es", "en", "*"])
        #expect(configuration.routes.last?.chain.map(\.name) == ["deepl", "google"])
        #expect(configuration.timeout == .milliseconds(2_500))
        #expect(configuration.attempts == 5)
        guard case .deepL(let deepL) = configuration.chain[0], case .apertium(let apertium) = configuration.chain[2] else {
            Issue.record("the chain's engines are not DeepL, Google, Apertium"); return
        }
        #expect(deepL.key.value == "k1:fx")
        #expect(deepL.url == nil)
        #expect(apertium.url == "http://127.0.0.1:9999")
        let router = try #require(configuration.makeBackend() as? RoutingBackend)
        #expect(router.backend(from: .spanish, to: .english)?.name == "apertium")
        #expect(router.backend(from: .vietnamese, to: .english)?.name == "deepl>google-v2")
    }

    @Test func theConnectTimeoutIsTheClients() throws {
        let configuration = try ParleyHTTPClient.Configuration(environment: ["PARLEY_BACKEND_CONNECT_TIMEOUT_MS": "1200"])
        #expect(configuration.connectTimeout == .milliseconds(1_200))
        #expect(throws: ValidationError.self) { try ParleyHTTPClient.Configuration(environment: ["PARLEY_BACKEND_CONNECT_TIMEOUT_MS": "0"]) }
    }

    @Test func mistakesNameTheVariable() {
        func message(_ environment: [String: String]) -> String? {
            do {
                _ = try BackendConfiguration(environment: environment)
                return nil
            } catch {
                return error.message
            }
        }
        #expect(message(["PARLEY_BACKEND": "babelfish"])?.contains("PARLEY_BACKEND: unknown backend 'babelfish'") == true)
        #expect(message(["PARLEY_ROUTES": "es=apertium"])?.contains("PARLEY_ROUTES") == true)
        #expect(message(["PARLEY_BACKEND_TIMEOUT_MS": "soon"])?.contains("PARLEY_BACKEND_TIMEOUT_MS") == true)
        #expect(message(["PARLEY_BACKEND_RETRIES": "0"])?.contains("PARLEY_BACKEND_RETRIES") == true)
        #expect(message(["PARLEY_BACKEND": "deepl"]) == "set PARLEY_DEEPL_KEY (or PARLEY_DEEPL_KEY_FILE) to use the deepl backend")
        #expect(message(["PARLEY_BACKEND": "libretranslate"]) == "set PARLEY_LIBRETRANSLATE_URL to use the libretranslate backend")
        #expect(message(["PARLEY_ROUTES": "es-en=google-v3", "PARLEY_GOOGLE_TOKEN": "t"]) == "set PARLEY_GOOGLE_PROJECT to use the google-v3 backend")
    }

    @Test func keysComeFromSecretFilesAndNeverPrint() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("parley-key-\(UUID())")
        try "s3cr3t-key\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let configuration = try BackendConfiguration(environment: ["PARLEY_AZURE_KEY_FILE": file.path, "PARLEY_BACKEND": "azure"])
        guard case .azure(let azure) = configuration.chain[0] else { Issue.record("not Azure"); return }
        #expect(azure.key.value == "s3cr3t-key")
        #expect("\(azure.key)" == "<redacted>")
        #expect(!"\(configuration)".contains("s3cr3t"))
        #expect(throws: ValidationError.self) {
            try BackendConfiguration(environment: ["PARLEY_DEEPL_KEY_FILE": "/nonexistent/key"])
        }
    }
}
