"""Every write of the talent pool: one function per use case, each checking the policy,
running in a transaction, writing the audit entry and notifying after the commit."""
