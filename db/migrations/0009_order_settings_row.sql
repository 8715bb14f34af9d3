-- The one row of ordering options (credit hold and card payment windows), with their defaults.
INSERT INTO "order_settings" ("id") VALUES (1) ON CONFLICT DO NOTHING;
