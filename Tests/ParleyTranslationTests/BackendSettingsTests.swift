import Foundation
import ParleyLanguage
import ParleyTranslation
import Testing

@Suite struct BackendSettingsTests {
    static let client = CurlHTTPClient()

    @Test func defaultIsTheLocalApertium() throws {
        let settings = try BackendSettings(environment: [:])
        #expect(settings.chain == ["apertium"])
        #expect(settings.routes.isEmpty)
        let backend = try BackendFactory(settings: settings, client: Self.client).makeBackend()
        #expect(backend.name == "apertium")
    }

    @Test func chainsAndRoutes() throws {
        let settings = try BackendSettings(environment: [
            "PARLEY_BACKEND": "deepl, google,apertium",
            "PARLEY_ROUTES": "es-en=apertium;en-es=apertium;*-*=deepl,google",
            "PARLEY_DEEPL_KEY": "k1:fx", "PARLEY_GOOGLE_KEY": "k2",
        ])
        #expect(settings.chain == ["deepl", "google", "apertium"])
        #expect(settings.routes.map(\.source) == ["es", "en", "*"])
        #expect(settings.routes.last?.chain == ["deepl", "google"])
        let router = try #require(try BackendFactory(settings: settings, client: Self.client).makeBackend() as? RoutingBackend)
        #expect(router.backend(from: LanguageTag("es")!, to: LanguageTag("en")!)?.name == "apertium")
        #expect(router.backend(from: LanguageTag("vi")!, to: LanguageTag("en")!)?.name == "deepl>google-v2")
    }

    @Test func mistakesNameTheVariable() {
        #expect(throws: TranslationError.self) { try BackendSettings(environment: ["PARLEY_BACKEND": "babelfish"]) }
        #expect {
            try BackendSettings(environment: ["PARLEY_ROUTES": "es=apertium"])
        } throws: { error in
            (error as? TranslationError)?.message.contains("PARLEY_ROUTES") == true
        }
        #expect {
            try BackendSettings(environment: ["PARLEY_BACKEND_TIMEOUT_MS": "soon"])
        } throws: { error in
            (error as? TranslationError)?.message.contains("PARLEY_BACKEND_TIMEOUT_MS") == true
        }
        #expect {
            try BackendFactory(settings: try BackendSettings(environment: ["PARLEY_BACKEND": "deepl"]), client: Self.client).makeBackend()
        } throws: { error in
            (error as? TranslationError)?.message == "set PARLEY_DEEPL_KEY (or PARLEY_DEEPL_KEY_FILE) to use the deepl backend"
        }
    }

    @Test func keysComeFromSecretFilesAndNeverPrint() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("parley-key-\(UUID())")
        try "s3cr3t-key\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let settings = try BackendSettings(environment: ["PARLEY_AZURE_KEY_FILE": file.path, "PARLEY_BACKEND": "azure"])
        let secret = try #require(settings.secrets["PARLEY_AZURE_KEY"])
        #expect(secret.value == "s3cr3t-key")
        #expect("\(secret)" == "<redacted>")
        #expect(!"\(settings.values)".contains("s3cr3t"))
        #expect(throws: TranslationError.self) {
            try BackendSettings(environment: ["PARLEY_DEEPL_KEY_FILE": "/nonexistent/key"])
        }
    }
}
