DROP INDEX "registration_locks_lookup_idx";--> statement-breakpoint
CREATE INDEX "registration_locks_key_idx" ON "registration_locks" USING btree ("prospect_key","product_line_id");