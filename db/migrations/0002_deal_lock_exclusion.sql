-- Exactly one partner can hold an opportunity at any instant: no two active locks on the same
-- prospect key and product line may overlap in time. A pending lock has no end (held until decided).
CREATE EXTENSION IF NOT EXISTS btree_gist;
--> statement-breakpoint
ALTER TABLE "registration_locks" ADD CONSTRAINT "registration_locks_no_overlap"
  EXCLUDE USING gist (
    "prospect_key" WITH =,
    "product_line_id" WITH =,
    tstzrange("locked_from", "locked_until", '[)') WITH &&
  ) WHERE ("active");
--> statement-breakpoint
-- The registration rules start at the documented defaults; vendor admins change them in the app.
INSERT INTO "deal_settings" ("id") VALUES (1) ON CONFLICT DO NOTHING;
--> statement-breakpoint
INSERT INTO "loss_reasons" ("code", "name_en", "name_zh", "sort_order") VALUES
  ('price', 'Price', '价格', 1),
  ('competitor', 'Lost to a competitor', '输给竞争对手', 2),
  ('no_budget', 'No budget', '无预算', 3),
  ('timing', 'Timing', '时机', 4),
  ('other', 'Other', '其他', 5)
ON CONFLICT DO NOTHING;
--> statement-breakpoint
-- Human registration numbers (R-000001…), gap-tolerant and safe under concurrency.
CREATE SEQUENCE IF NOT EXISTS "registration_number_seq";
