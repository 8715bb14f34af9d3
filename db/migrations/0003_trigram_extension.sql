-- Fast partial matching (ILIKE '%…%') for search boxes: audit actors now, the catalog later.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
