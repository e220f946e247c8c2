import Foundation
import ParleyMessaging
import ParleyServer
import ParleyThreads
import ParleyTranslation

extension ServeCommand {
    /// How to try the demo: the rep, the contact and the key issued for this run (when one was).
    func noteDemo(_ application: ParleyApplication) {
        guard let seeded = application.demo, let key = application.demoKey?.value else { return }
        let base = "http://\(application.configuration.host):\(application.configuration.port)"
        Self.note("""
            demo: rep \(seeded.rep.email) on \(seeded.number.phone), contact \(seeded.contact.name ?? "") \(seeded.contact.phone) (es)
            demo: API key for this run (PARLEY_API_KEYS to set your own): \(key)
            demo: web panel: open \(base)/ and sign in as \(DemoSeed.repEmail) with that key
            demo: try  curl -s -H 'Authorization: Bearer \(key)' \(base)/v1/conversations
            demo:      curl -s -H 'Authorization: Bearer \(key)' -H 'Content-Type: application/json' \
            -d '{"text": "Your technician is on the way 👍"}' \(base)/v1/conversations/\(seeded.conversation.id)/messages
            """)
    }

    /// What the industry's starter translation memory brought in, when it was imported.
    func noteStarterMemory(_ application: ParleyApplication) {
        guard let imported = application.starterMemory else { return }
        let report = imported.report
        Self.note(
            "parley: starter translation memory \(imported.file.lastPathComponent): \(report.added) entries"
                + (report.toReview == 0 ? "" : " (\(report.toReview) disagree with the glossary and wait for review)")
                + (report.refused.isEmpty
                    ? "" : ", \(report.refused.count) refused (first: \(report.refused[0].unit): \(report.refused[0].reason))"))
    }
}
