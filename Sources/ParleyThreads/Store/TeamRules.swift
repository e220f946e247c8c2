internal import Foundation

/// The team's rules both stores keep inside their transactions, with the same words: someone must
/// stay an active admin, a person who holds numbers cannot be deactivated, keys and numbers go
/// only to active people.
enum TeamRules {
    static func lastAdmin(_ rep: Rep) -> ThreadStoreError {
        .conflict("\(rep.name) is the last active admin. Make another person an admin first, then try again.")
    }

    static func holdsNumbers(_ rep: Rep, count: Int) -> ThreadStoreError {
        let numbers = count == 1 ? "1 number" : "\(count) numbers"
        return .conflict("\(rep.name) still holds \(numbers). Reassign \(rep.name)'s \(numbers) first, then deactivate them.")
    }

    static func deactivated(_ rep: Rep) -> ThreadStoreError {
        .conflict("\(rep.name) is deactivated. Reactivate them first, or choose an active person.")
    }

    static var alreadyRevoked: ThreadStoreError {
        .conflict("This key was already revoked or rotated, so it cannot be rotated again. Issue a new key instead.")
    }

    static var digestTaken: ThreadStoreError {
        .conflict("A key with the same digest already exists; issue another key.")
    }

    static func numberTaken(_ phone: PhoneNumber, holder: String?) -> ThreadStoreError {
        .conflict("\(phone.e164) is already a business number\(holder.map { " (\($0)'s)" } ?? ""). Reassign it instead of adding it again.")
    }

    static func keyNotFound(_ id: UUID) -> ThreadStoreError {
        .notFound("There is no key \(id); check the identifier.")
    }

    /// A label trimmed; "Key" when none is given.
    static func label(_ label: String) -> String {
        let trimmed = label.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? "Key" : String(trimmed.prefix(100))
    }
}
