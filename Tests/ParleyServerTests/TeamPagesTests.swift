import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ParleyServer
import ParleyThreads
import ParleyThreadsTesting
import Testing

/// The admins' team pages through the router: reps get the 403 page, forms need the CSRF token, a
/// new key is on the page that answers the POST (never in a URL) and not on the next load, refusals
/// show as the page with the message and keep what was typed, deactivation signs the person out.
@Suite(.serialized) struct TeamPagesTests {
    typealias Fixture = ConversationsAPITests.Fixture

    static func post(
        _ client: some TestClientProtocol, _ uri: String, _ browser: WebTests.Browser, _ fields: [(String, String)]
    ) async throws -> WebTests.Reply {
        var headers = browser.headers
        headers[.contentType] = "application/x-www-form-urlencoded"
        return try await WebTests.send(client, uri, .post, headers: headers, body: WebTests.form([("csrf", browser.csrf)] + fields))
    }

    @Test func repsGetTheForbiddenPageAndFormsNeedTheToken() async throws {
        try await Fixture.with(.sqlite) { fixture in
            try await fixture.app().test(.router) { client in
                let dana = try await WebTests.signIn(client, email: "dana@example.com", key: Fixture.danaKey)
                for path in ["/admin/team", "/admin/team/\(fixture.dana.id)", "/admin/numbers"] {
                    let page = try await WebTests.send(client, path, headers: dana.headers)
                    #expect(page.status == .forbidden, "\(path)")
                    #expect(page.body.contains("Admins only"))
                }
                let invite = try await Self.post(client, "/admin/team", dana, [("name", "Eve"), ("email", "eve@example.com")])
                #expect(invite.status == .forbidden)
                let ana = try await WebTests.signIn(client, email: "ana@example.com", key: Fixture.adminKey)
                var noToken = ana
                noToken.csrf = "wrong"
                let forged = try await Self.post(client, "/admin/team", noToken, [("name", "Eve"), ("email", "eve@example.com")])
                #expect(forged.status == .forbidden)
                #expect(try await fixture.store.rep(email: "eve@example.com") == nil)
                // Without a session: sign in first.
                let anonymous = try await WebTests.send(client, "/admin/team")
                #expect(anonymous.status == .seeOther && anonymous.headers[.location] == "/sign-in")
            }
        }
    }

    @Test func anInvitedPersonsKeyIsShownOnceAndDeactivationSignsThemOut() async throws {
        try await Fixture.with(.sqlite) { fixture in
            try await fixture.app().test(.router) { client in
                let ana = try await WebTests.signIn(client, email: "ana@example.com", key: Fixture.adminKey)
                let team = try await WebTests.send(client, "/admin/team", headers: ana.headers)
                #expect(team.status == .ok)
                #expect(team.body.contains("Dana") && team.body.contains("+14105550100"))
                #expect(team.body.contains("<th scope=\"col\">Name</th>"))

                let invited = try await Self.post(client, "/admin/team", ana, [("name", "Eve <b>Park</b>"), ("email", "eve@example.com"), ("role", "rep")])
                #expect(invited.status == .ok)
                let key = try #require(RouteScan.matches(#"id="new-key" class="team-key">(pk_[A-Za-z0-9_-]+)<"#, in: invited.body).first?[1])
                #expect(invited.body.contains("not shown again"))
                #expect(invited.body.contains("Eve &lt;b&gt;Park&lt;/b&gt;") && !invited.body.contains("<b>Park</b>"))
                let again = try await WebTests.send(client, "/admin/team", headers: ana.headers)
                #expect(!again.body.contains(key) && again.body.contains(String(key.suffix(4))))

                // A duplicate is refused on the page, with what was typed kept.
                let duplicate = try await Self.post(client, "/admin/team", ana, [("name", "Eve Two"), ("email", "EVE@example.com")])
                #expect(duplicate.status == .conflict)
                #expect(duplicate.body.contains("already has the email") && duplicate.body.contains("value=\"Eve Two\""))

                let eve = try #require(try await fixture.store.rep(email: "eve@example.com"))
                let browser = try await WebTests.signIn(client, email: "eve@example.com", key: key)
                #expect(try await WebTests.send(client, "/conversations", headers: browser.headers).status == .ok)

                // A number pins her; once it moves, she can be deactivated, and her session ends.
                let added = try await Self.post(client, "/admin/numbers", ana, [("phone", "+1 410 555 0150"), ("repID", eve.id.uuidString)])
                #expect(added.status == .found && added.headers[.location] == "/admin/numbers?done=added")
                let held = try await Self.post(client, "/admin/team/\(eve.id)/active", ana, [("active", "false")])
                #expect(held.status == .conflict)
                #expect(held.body.contains("1 number first"), "\(held.body)")
                let number = try #require(try await fixture.store.businessNumbers(repID: eve.id).first)
                let moved = try await Self.post(client, "/admin/numbers/\(number.id)", ana, [("repID", fixture.dana.id.uuidString)])
                #expect(moved.status == .found)
                #expect(try await fixture.store.businessNumber(id: number.id).repID == fixture.dana.id)
                let gone = try await Self.post(client, "/admin/team/\(eve.id)/active", ana, [("active", "false")])
                #expect(gone.status == .found)
                let page = try await WebTests.send(client, "/conversations", headers: browser.headers)
                #expect(page.status == .seeOther && page.headers[.location] == "/sign-in")
                let person = try await WebTests.send(client, "/admin/team/\(eve.id)", headers: ana.headers)
                #expect(person.body.contains("Deactivated") && person.body.contains("Reactivate"))

                // A bad number keeps what was typed.
                let bad = try await Self.post(client, "/admin/numbers", ana, [("phone", "410 555"), ("repID", fixture.dana.id.uuidString)])
                #expect(bad.status == .badRequest)
                #expect(bad.body.contains("value=\"410 555\""))
            }
        }
    }
}
