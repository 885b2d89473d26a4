extension MQTTDispatcher {
    static let followerReason = "waiting for the scheduler leader"

    /// Whether this instance leads now. On becoming leader a round runs at once (the pending
    /// deliveries are all in the store); on losing it, requests waiting here are answered "queued",
    /// since the new leader's rounds will place them.
    func followLeadership() async -> Bool {
        let leading = await leadership.isLeader
        defer { wasLeader = leading }
        if leading, !wasLeader {
            logger.notice("scheduler rounds start: this instance leads")
            requestRound()
        }
        if !leading {
            if wasLeader { logger.notice("scheduler rounds stop: another instance leads") }
            for (_, list) in waiters {
                for waiter in list { waiter.continuation.resume(returning: .queued(reason: Self.followerReason)) }
            }
            waiters.removeAll()
        }
        return leading
    }
}
