internal import Foundation
internal import ParleyMessaging
internal import ParleyThreads

/// The team API's JSON: people, keys (hints only, except a key just issued) and numbers.
enum TeamJSON {
    /// A key as listed: never the key itself.
    struct Key: Encodable {
        var id: UUID
        var personID: UUID?
        var label: String
        var hint: String
        var active: Bool
        var createdAt: Date
        var createdBy: String
        var revokedAt: Date?
        var lastUsedAt: Date?

        init(_ key: StoredAccessKey) {
            id = key.id
            personID = key.personID
            label = key.label
            hint = key.hint
            active = key.isActive
            createdAt = key.createdAt
            createdBy = key.createdBy
            revokedAt = key.revokedAt
            lastUsedAt = key.lastUsedAt
        }
    }

    /// A key just issued: the key itself (`key`), in this response only, and its record.
    struct IssuedKey: Encodable {
        var key: String
        var id: UUID
        var personID: UUID?
        var label: String
        var hint: String
        var createdAt: Date
        var createdBy: String
        var notice = "Copy this key now: it is not shown again."

        init(_ issued: ParleyMessaging.IssuedKey) {
            key = issued.key
            id = issued.record.id
            personID = issued.record.personID
            label = issued.record.label
            hint = issued.record.hint
            createdAt = issued.record.createdAt
            createdBy = issued.record.createdBy
        }
    }

    struct Number: Encodable {
        var id: UUID
        var phone: String
        var repID: UUID
        var createdAt: Date
        var rep: PersonSummary?

        init(_ number: BusinessNumber, rep: Rep? = nil) {
            id = number.id
            phone = number.phone.e164
            repID = number.repID
            createdAt = number.createdAt
            self.rep = rep.map(PersonSummary.init)
        }
    }

    struct PersonSummary: Encodable {
        var id: UUID
        var name: String
        var email: String
        var active: Bool

        init(_ rep: Rep) {
            id = rep.id
            name = rep.name
            email = rep.email
            active = rep.isActive
        }
    }

    struct Person: Encodable {
        var id: UUID
        var name: String
        var email: String
        var role: Rep.Role
        var active: Bool
        var createdAt: Date
        var deactivatedAt: Date?
        var numbers: [Number]?
        var keys: [Key]?

        init(_ rep: Rep, numbers: [BusinessNumber]? = nil, keys: [StoredAccessKey]? = nil) {
            id = rep.id
            name = rep.name
            email = rep.email
            role = rep.role
            active = rep.isActive
            createdAt = rep.createdAt
            deactivatedAt = rep.deactivatedAt
            self.numbers = numbers?.map { Number($0) }
            self.keys = keys?.map(Key.init)
        }

        init(_ member: TeamMember) { self.init(member.person, numbers: member.numbers, keys: member.keys) }
    }

    struct People: Encodable { var people: [Person] }
    struct Keys: Encodable { var keys: [Key] }
    struct Numbers: Encodable { var numbers: [Number] }

    struct Invited: Encodable {
        var person: Person
        var key: IssuedKey
    }
}
