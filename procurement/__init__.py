"""Joint procurement (共同調達): tenders, sealed bids, evaluation and award.

The modules here are the pure cores the app's services build on; they hold no data
and touch no database:

- `canonical`: canonical JSON (RFC 8785) for receipts and associated data;
- `receipts`: a bid's content, its receipt (SHA-256) and the vendor's check of it;
- `sealing`: envelope encryption of bids, opened only at the opening time;
- `lottery`: 電子くじ for ties;
- `evaluation`: validity against the tender's prices, scoring, ranking and the
  入札経過調書 (bid tabulation).
"""
