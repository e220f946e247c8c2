import Foundation
import ParleyThreads
import Synchronization

/// The team's store calls, forwarded.
extension CountingThreadStore {
    func updateRep(id: UUID, name: String?, role: Rep.Role?) async throws(ThreadStoreError) -> Rep {
        try await base.updateRep(id: id, name: name, role: role)
    }

    func deactivateRep(id: UUID) async throws(ThreadStoreError) -> Rep { try await base.deactivateRep(id: id) }

    func reactivateRep(id: UUID) async throws(ThreadStoreError) -> Rep { try await base.reactivateRep(id: id) }

    func createAccessKey(_ key: StoredAccessKey) async throws(ThreadStoreError) -> StoredAccessKey { try await base.createAccessKey(key) }

    func accessKey(id: UUID) async throws(ThreadStoreError) -> StoredAccessKey {
        signInReads.add(1, ordering: .relaxed)
        return try await base.accessKey(id: id)
    }

    func activeAccessKey(digest: String) async throws(ThreadStoreError) -> StoredAccessKey? { try await base.activeAccessKey(digest: digest) }

    func accessKeys(personID: UUID?) async throws(ThreadStoreError) -> [StoredAccessKey] { try await base.accessKeys(personID: personID) }

    func revokeAccessKey(id: UUID) async throws(ThreadStoreError) -> StoredAccessKey { try await base.revokeAccessKey(id: id) }

    func rotateAccessKey(id: UUID, replacement: StoredAccessKey) async throws(ThreadStoreError) -> StoredAccessKey {
        try await base.rotateAccessKey(id: id, replacement: replacement)
    }

    func touchAccessKey(id: UUID, at: Date) async throws(ThreadStoreError) { try await base.touchAccessKey(id: id, at: at) }

    func addBusinessNumber(_ phone: PhoneNumber, repID: UUID) async throws(ThreadStoreError) -> BusinessNumber {
        try await base.addBusinessNumber(phone, repID: repID)
    }

    func reassignBusinessNumber(id: UUID, to repID: UUID) async throws(ThreadStoreError) -> BusinessNumber {
        try await base.reassignBusinessNumber(id: id, to: repID)
    }
}
