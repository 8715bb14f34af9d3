-- The pipeline and forecast (ADR 0014) read the registrations open at one instant T and, for a T
-- in the past, each one's stage at T from its history. Both from indexes alone (ADR 0018):
-- protected registrations by protection end, with every column the figures and filters use, so
-- "protection ended after T" is a range instead of a pass over every registration;
CREATE INDEX "registrations_open_idx" ON "registrations" USING btree ("protection_ends_at")
  INCLUDE ("protection_starts_at", "closed_at", "currency", "partner_id", "region_code",
    "product_line_id", "estimated_value_minor", "stage", "expected_close_date", "id")
  WHERE "protection_starts_at" IS NOT NULL;
--> statement-breakpoint
-- and the stage changes of a registration, latest first, with the stage they entered.
CREATE INDEX "registration_events_stage_idx" ON "registration_events" USING btree
  ("registration_id", "created_at" DESC, "id" DESC) INCLUDE ("to_stage")
  WHERE "to_stage" IS NOT NULL;
