"""Every write of joint procurement: one function per use case, each checking the policy,
running in a transaction and recording the audit event."""
