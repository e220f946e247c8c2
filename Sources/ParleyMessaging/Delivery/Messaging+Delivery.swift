internal import Foundation
internal import Logging
internal import ParleyThreads

extension Messaging {
    /// What became of one try to deliver a message.
    struct DeliveryOutcome {
        var message: Message
        /// True when the provider could not take it yet: the job will try again.
        var queued: Bool
    }

    /// Claims a just-stored message's send job and runs it now, so the rep's answer says whether
    /// the provider took it. A job another worker already holds is left to it (the answer says queued).
    /// - Parameters:
    ///   - message: the message just stored.
    ///   - thread: its conversation, number and contact, as the send just read them.
    func deliverNow(_ message: Message, in thread: ConversationThread) async throws(MessagingError) -> DeliveryOutcome {
        let store = self.store
        let owner = configuration.workerName
        let lease = configuration.jobLease
        let job = try await MessagingError.store { () async throws(ThreadStoreError) -> Job? in
            guard let pending = try await store.jobs(subjectID: message.id).first(where: { $0.kind == .sendOutbound && ($0.state == .queued || $0.state == .running) })
            else { return nil }
            return try await store.claimJob(id: pending.id, owner: owner, lease: lease)
        }
        guard let job else { return DeliveryOutcome(message: message, queued: message.deliveryStatus == .queued) }
        return try await deliver(job, known: (message, thread))
    }

    /// Runs a claimed send job: hands the message to the provider, once.
    ///
    /// A contact who opted out since the message was queued gets nothing (the message fails with
    /// that reason). A provider error that may pass retries the job later with backoff, up to
    /// ``Configuration/maximumSendAttempts``; any other fails it, with the provider's reason kept.
    /// - Parameters:
    ///   - job: the claimed job.
    ///   - known: the message and its thread when the caller just read them; read afresh otherwise.
    func deliver(_ job: Job, known: (message: Message, thread: ConversationThread)? = nil) async throws(MessagingError) -> DeliveryOutcome {
        let store = self.store
        let owner = configuration.workerName
        var logger = self.logger
        logger[metadataKey: "parley.message"] = "\(job.subjectID)"
        let message: Message
        if let known {
            message = known.message
        } else {
            message = try await MessagingError.store { () async throws(ThreadStoreError) in try await store.message(id: job.subjectID) }
        }
        if message.deliveryStatus == .queued, let providerID = handedOver.providerID(for: message.id) {
            // Handed over before, by this process, while the store could not record it.
            let sent = try await MessagingError.store { () async throws(ThreadStoreError) in
                try await store.updateDeliveryStatus(messageID: message.id, .sent, providerMessageID: providerID)
            }
            handedOver.forget(message.id)
            _ = try? await store.completeJob(id: job.id, owner: owner)
            return DeliveryOutcome(message: sent, queued: false)
        }
        guard message.deliveryStatus == .queued, let text = message.sentText else {
            // Already handed over (a retry after the answer was stored) or nothing to send.
            _ = try? await store.completeJob(id: job.id, owner: owner)
            return DeliveryOutcome(message: message, queued: false)
        }
        var thread: ConversationThread
        if let known {
            thread = known.thread
        } else {
            thread = try await access(.core).conversation(message.conversationID)
        }
        // Consent as it stands now, just before the provider is asked: a STOP (or words that may
        // ask to stop) that arrived while the reply was being translated holds it too.
        let contactID = thread.contact.id
        thread.contact = try await MessagingError.store { () async throws(ThreadStoreError) in try await store.contact(id: contactID) }
        if let refusal = ConsentRules.refusal(thread.contact) {
            logger.info("queued message not sent: the contact opted out")
            let failed = try await MessagingError.store { () async throws(ThreadStoreError) in
                _ = try await store.failJob(id: job.id, owner: owner, error: refusal.message)
                return try await store.updateDeliveryStatus(messageID: message.id, .failed, providerMessageID: nil)
            }
            throw MessagingError(code: .optedOut, title: refusal.title, message: refusal.message)
                .keeping(failed)
        }
        let providerID: String
        do {
            providerID = try await sender.send(text, from: thread.number.phone, to: thread.contact.phone)
        } catch {
            return try await senderFailed(job, message: message, error: error, logger: logger)
        }
        MessagingMetrics.outbound("sent")
        let sent: Message
        do {
            sent = try await store.updateDeliveryStatus(messageID: message.id, .sent, providerMessageID: providerID)
        } catch {
            // The SMS is out: an error answer would have the rep send it a second time. The job
            // stays claimed; when it runs again in this process, it records the send instead of
            // sending again.
            handedOver.remember(message.id, providerID: providerID)
            logger.error(
                "SMS sent, but its delivery status could not be stored",
                metadata: ["parley.provider_message_id": "\(providerID)", "parley.error": "\(error)"])
            var shown = message
            shown.deliveryStatus = .sent
            shown.providerMessageID = providerID
            return DeliveryOutcome(message: shown, queued: false)
        }
        _ = try? await store.completeJob(id: job.id, owner: owner)
        return DeliveryOutcome(message: sent, queued: false)
    }

    private func senderFailed(_ job: Job, message: Message, error: SendError, logger: Logger) async throws(MessagingError) -> DeliveryOutcome {
        let store = self.store
        let owner = configuration.workerName
        if error.isRetryable, job.attempts < configuration.maximumSendAttempts {
            MessagingMetrics.outbound("retrying")
            let later = now().addingTimeInterval(retryDelay(afterAttempts: job.attempts))
            logger.warning("the SMS provider did not take the message; it is queued to try again", metadata: ["parley.error": "\(error.message)"])
            try await MessagingError.store { () async throws(ThreadStoreError) in
                _ = try await store.retryJob(id: job.id, owner: owner, runAfter: later, error: error.message)
            }
            wakeups.wake()
            return DeliveryOutcome(message: message, queued: true)
        }
        MessagingMetrics.outbound("failed")
        let reason = error.isRetryable ? "\(error.message) (tried \(job.attempts) times)" : error.message
        let failed = try await MessagingError.store { () async throws(ThreadStoreError) in
            _ = try await store.failJob(id: job.id, owner: owner, error: reason)
            return try await store.updateDeliveryStatus(messageID: message.id, .failed, providerMessageID: nil)
        }
        throw MessagingError(
            code: .sendFailed, title: "The SMS provider did not take the message",
            message: "\(reason) The message is kept as failed.", cause: error
        ).keeping(failed)
    }

    /// The delay before a job's next try: ``Configuration/retryDelay`` doubled for each earlier
    /// try, at most ``Configuration/maximumRetryDelay``.
    func retryDelay(afterAttempts attempts: Int) -> TimeInterval {
        let first = Self.seconds(configuration.retryDelay)
        let longest = Self.seconds(configuration.maximumRetryDelay)
        return min(longest, first * pow(2, Double(max(0, min(attempts - 1, 30)))))
    }
}

extension MessagingError {
    /// The error, with the message as stored after it.
    func keeping(_ message: Message) -> MessagingError {
        var error = self
        error.storedMessage = message
        return error
    }
}
