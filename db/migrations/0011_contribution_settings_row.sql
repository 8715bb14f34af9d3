-- The one row of contribution settings (stage probabilities 10/25/50/75 %, reporting in CNY).
INSERT INTO "contribution_settings" ("id") VALUES (1) ON CONFLICT DO NOTHING;
