from __future__ import annotations

# Classifications are edited on the case page, where access rules and the history apply.
