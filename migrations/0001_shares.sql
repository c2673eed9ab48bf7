-- Shared playground states (permalinks /s/{id}). The id is a salted hash
-- prefix of the canonical scenario JSON, so sharing the same state twice
-- lands on the same row.
CREATE TABLE shares (
    id         TEXT PRIMARY KEY,
    scenario   TEXT NOT NULL,
    created_at TEXT NOT NULL
) STRICT;
