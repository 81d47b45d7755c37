from __future__ import annotations

# Standards are maintained by each unit's staff on Sigap's own pages, where the audit trail applies.
