CREATE TYPE "public"."availability_result" AS ENUM('free', 'taken', 'own');--> statement-breakpoint
CREATE TYPE "public"."conflict_resolution" AS ENUM('kept_holder', 'awarded_to_submitter');--> statement-breakpoint
CREATE TYPE "public"."conflict_status" AS ENUM('open', 'resolved');--> statement-breakpoint
CREATE TYPE "public"."decision_rule" AS ENUM('time_priority', 'territory', 'existing_customer', 'manager_award', 'manager_review', 'auto_approve', 'protection_expired', 'review_sla', 'holder_action', 'extension_limit');--> statement-breakpoint
CREATE TYPE "public"."extension_status" AS ENUM('pending', 'approved', 'rejected');--> statement-breakpoint
CREATE TYPE "public"."registration_stage" AS ENUM('registered', 'qualified', 'proposal', 'negotiation', 'won', 'lost');--> statement-breakpoint
CREATE TYPE "public"."registration_status" AS ENUM('pending', 'approved', 'rejected', 'expired', 'won', 'lost', 'withdrawn');--> statement-breakpoint
CREATE TYPE "public"."territory_policy" AS ENUM('review', 'refuse', 'allow');--> statement-breakpoint
CREATE TABLE "availability_checks" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"partner_id" uuid NOT NULL,
	"query" text NOT NULL,
	"product_line_id" uuid,
	"prospect_keys" text[] NOT NULL,
	"result" "availability_result" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "deal_settings" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"protection_days_platinum" integer DEFAULT 120 NOT NULL,
	"protection_days_gold" integer DEFAULT 90 NOT NULL,
	"protection_days_silver" integer DEFAULT 90 NOT NULL,
	"protection_days_registered" integer DEFAULT 90 NOT NULL,
	"extension_max_count" integer DEFAULT 1 NOT NULL,
	"extension_days" integer DEFAULT 30 NOT NULL,
	"expiry_warning_days" integer DEFAULT 14 NOT NULL,
	"review_sla_hours" integer DEFAULT 72 NOT NULL,
	"territory_policy" "territory_policy" DEFAULT 'review' NOT NULL,
	"auto_approve_enabled" boolean DEFAULT false NOT NULL,
	"auto_approve_below_minor" bigint DEFAULT 0 NOT NULL,
	"auto_approve_currency" char(3) DEFAULT 'CNY' NOT NULL,
	"deal_discount_bps" integer DEFAULT 500 NOT NULL,
	"availability_checks_per_hour" integer DEFAULT 30 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "deal_settings_single_row" CHECK ("deal_settings"."id" = 1),
	CONSTRAINT "deal_settings_ranges" CHECK ("deal_settings"."protection_days_platinum" between 1 and 730 and "deal_settings"."protection_days_gold" between 1 and 730
        and "deal_settings"."protection_days_silver" between 1 and 730 and "deal_settings"."protection_days_registered" between 1 and 730
        and "deal_settings"."extension_max_count" between 0 and 10 and "deal_settings"."extension_days" between 1 and 365
        and "deal_settings"."expiry_warning_days" between 0 and 90 and "deal_settings"."review_sla_hours" between 1 and 720
        and "deal_settings"."auto_approve_below_minor" >= 0 and "deal_settings"."deal_discount_bps" between 0 and 5000
        and "deal_settings"."availability_checks_per_hour" between 1 and 10000)
);
--> statement-breakpoint
CREATE TABLE "industries" (
	"code" text PRIMARY KEY NOT NULL,
	"name_en" text NOT NULL,
	"name_zh" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "loss_reasons" (
	"code" text PRIMARY KEY NOT NULL,
	"name_en" text NOT NULL,
	"name_zh" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"sort_order" smallint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "product_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name_en" text NOT NULL,
	"name_zh" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "registration_conflicts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"product_line_id" uuid NOT NULL,
	"prospect_key" text NOT NULL,
	"prospect_name" text NOT NULL,
	"submitted_by_partner_id" uuid NOT NULL,
	"submitted_by_id" uuid NOT NULL,
	"submission" jsonb NOT NULL,
	"holder_registration_id" uuid NOT NULL,
	"rule" "decision_rule" NOT NULL,
	"status" "conflict_status" DEFAULT 'open' NOT NULL,
	"resolution" "conflict_resolution",
	"resolved_by_id" uuid,
	"resolved_at" timestamp with time zone,
	"resolution_reason" text,
	"awarded_registration_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "registration_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"registration_id" uuid NOT NULL,
	"actor_user_id" uuid,
	"type" text NOT NULL,
	"from_status" "registration_status",
	"to_status" "registration_status",
	"from_stage" "registration_stage",
	"to_stage" "registration_stage",
	"rule" "decision_rule",
	"reason" text,
	"details" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "registration_extensions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"registration_id" uuid NOT NULL,
	"requested_by_id" uuid NOT NULL,
	"progress_note" text NOT NULL,
	"days" integer NOT NULL,
	"status" "extension_status" DEFAULT 'pending' NOT NULL,
	"decided_by_id" uuid,
	"decided_at" timestamp with time zone,
	"decision_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "registration_extensions_days" CHECK ("registration_extensions"."days" between 1 and 365)
);
--> statement-breakpoint
CREATE TABLE "registration_locks" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"registration_id" uuid NOT NULL,
	"prospect_key" text NOT NULL,
	"product_line_id" uuid NOT NULL,
	"partner_id" uuid NOT NULL,
	"locked_from" timestamp with time zone NOT NULL,
	"locked_until" timestamp with time zone,
	"active" boolean DEFAULT true NOT NULL,
	CONSTRAINT "registration_locks_range" CHECK ("registration_locks"."locked_until" is null or "registration_locks"."locked_until" > "registration_locks"."locked_from")
);
--> statement-breakpoint
CREATE TABLE "registrations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"partner_id" uuid NOT NULL,
	"created_by_id" uuid NOT NULL,
	"fulfilment_partner_id" uuid,
	"prospect_name" text NOT NULL,
	"prospect_tax_id" text,
	"prospect_domain" text,
	"prospect_key" text NOT NULL,
	"contact_name" text,
	"contact_email" text,
	"contact_phone" text,
	"region_code" text NOT NULL,
	"industry" text,
	"product_line_id" uuid NOT NULL,
	"estimated_value_minor" bigint NOT NULL,
	"currency" char(3) DEFAULT 'CNY' NOT NULL,
	"expected_close_date" date NOT NULL,
	"notes" text,
	"status" "registration_status" DEFAULT 'pending' NOT NULL,
	"stage" "registration_stage" DEFAULT 'registered' NOT NULL,
	"outside_territory" boolean DEFAULT false NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by_id" uuid,
	"protection_starts_at" timestamp with time zone,
	"protection_ends_at" timestamp with time zone,
	"extensions_used" integer DEFAULT 0 NOT NULL,
	"expiry_warned_at" timestamp with time zone,
	"escalated_at" timestamp with time zone,
	"won_amount_minor" bigint,
	"won_on" date,
	"lost_reason_code" text,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "registrations_value_nonneg" CHECK ("registrations"."estimated_value_minor" >= 0),
	CONSTRAINT "registrations_won_amount_nonneg" CHECK ("registrations"."won_amount_minor" is null or "registrations"."won_amount_minor" >= 0),
	CONSTRAINT "registrations_extensions_nonneg" CHECK ("registrations"."extensions_used" >= 0),
	CONSTRAINT "registrations_protection_when_approved" CHECK ("registrations"."status" <> 'approved' or ("registrations"."protection_starts_at" is not null and "registrations"."protection_ends_at" > "registrations"."protection_starts_at")),
	CONSTRAINT "registrations_won_has_amount" CHECK ("registrations"."status" <> 'won' or ("registrations"."won_amount_minor" is not null and "registrations"."won_on" is not null)),
	CONSTRAINT "registrations_lost_has_reason" CHECK ("registrations"."status" <> 'lost' or "registrations"."lost_reason_code" is not null),
	CONSTRAINT "registrations_not_self_fulfilled" CHECK ("registrations"."fulfilment_partner_id" is distinct from "registrations"."partner_id")
);
--> statement-breakpoint
ALTER TABLE "availability_checks" ADD CONSTRAINT "availability_checks_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "availability_checks" ADD CONSTRAINT "availability_checks_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registration_conflicts" ADD CONSTRAINT "registration_conflicts_product_line_id_product_lines_id_fk" FOREIGN KEY ("product_line_id") REFERENCES "public"."product_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registration_conflicts" ADD CONSTRAINT "registration_conflicts_submitted_by_partner_id_partners_id_fk" FOREIGN KEY ("submitted_by_partner_id") REFERENCES "public"."partners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registration_conflicts" ADD CONSTRAINT "registration_conflicts_submitted_by_id_users_id_fk" FOREIGN KEY ("submitted_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registration_conflicts" ADD CONSTRAINT "registration_conflicts_holder_registration_id_registrations_id_fk" FOREIGN KEY ("holder_registration_id") REFERENCES "public"."registrations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registration_conflicts" ADD CONSTRAINT "registration_conflicts_resolved_by_id_users_id_fk" FOREIGN KEY ("resolved_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registration_conflicts" ADD CONSTRAINT "registration_conflicts_awarded_registration_id_registrations_id_fk" FOREIGN KEY ("awarded_registration_id") REFERENCES "public"."registrations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registration_events" ADD CONSTRAINT "registration_events_registration_id_registrations_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."registrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registration_events" ADD CONSTRAINT "registration_events_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registration_extensions" ADD CONSTRAINT "registration_extensions_registration_id_registrations_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."registrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registration_extensions" ADD CONSTRAINT "registration_extensions_requested_by_id_users_id_fk" FOREIGN KEY ("requested_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registration_extensions" ADD CONSTRAINT "registration_extensions_decided_by_id_users_id_fk" FOREIGN KEY ("decided_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registration_locks" ADD CONSTRAINT "registration_locks_registration_id_registrations_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."registrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registrations" ADD CONSTRAINT "registrations_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registrations" ADD CONSTRAINT "registrations_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registrations" ADD CONSTRAINT "registrations_fulfilment_partner_id_partners_id_fk" FOREIGN KEY ("fulfilment_partner_id") REFERENCES "public"."partners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registrations" ADD CONSTRAINT "registrations_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registrations" ADD CONSTRAINT "registrations_industry_industries_code_fk" FOREIGN KEY ("industry") REFERENCES "public"."industries"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registrations" ADD CONSTRAINT "registrations_product_line_id_product_lines_id_fk" FOREIGN KEY ("product_line_id") REFERENCES "public"."product_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registrations" ADD CONSTRAINT "registrations_decided_by_id_users_id_fk" FOREIGN KEY ("decided_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registrations" ADD CONSTRAINT "registrations_lost_reason_code_loss_reasons_code_fk" FOREIGN KEY ("lost_reason_code") REFERENCES "public"."loss_reasons"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "availability_checks_user_idx" ON "availability_checks" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "product_lines_code_key" ON "product_lines" USING btree ("code");--> statement-breakpoint
CREATE INDEX "registration_conflicts_open_idx" ON "registration_conflicts" USING btree ("created_at") WHERE "registration_conflicts"."status" = 'open';--> statement-breakpoint
CREATE INDEX "registration_conflicts_holder_idx" ON "registration_conflicts" USING btree ("holder_registration_id");--> statement-breakpoint
CREATE INDEX "registration_conflicts_submitter_idx" ON "registration_conflicts" USING btree ("submitted_by_partner_id","created_at");--> statement-breakpoint
CREATE INDEX "registration_conflicts_key_idx" ON "registration_conflicts" USING btree ("prospect_key");--> statement-breakpoint
CREATE INDEX "registration_events_registration_idx" ON "registration_events" USING btree ("registration_id","created_at");--> statement-breakpoint
CREATE INDEX "registration_extensions_registration_idx" ON "registration_extensions" USING btree ("registration_id");--> statement-breakpoint
CREATE UNIQUE INDEX "registration_extensions_one_pending" ON "registration_extensions" USING btree ("registration_id") WHERE "registration_extensions"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "registration_locks_registration_idx" ON "registration_locks" USING btree ("registration_id");--> statement-breakpoint
CREATE INDEX "registration_locks_lookup_idx" ON "registration_locks" USING btree ("prospect_key","product_line_id") WHERE "registration_locks"."active";--> statement-breakpoint
CREATE UNIQUE INDEX "registrations_number_key" ON "registrations" USING btree ("number");--> statement-breakpoint
CREATE INDEX "registrations_partner_status_idx" ON "registrations" USING btree ("partner_id","status","submitted_at");--> statement-breakpoint
CREATE INDEX "registrations_fulfilment_idx" ON "registrations" USING btree ("fulfilment_partner_id") WHERE "registrations"."fulfilment_partner_id" is not null;--> statement-breakpoint
CREATE INDEX "registrations_prospect_key_idx" ON "registrations" USING btree ("prospect_key");--> statement-breakpoint
CREATE INDEX "registrations_pending_idx" ON "registrations" USING btree ("submitted_at") WHERE "registrations"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "registrations_protection_end_idx" ON "registrations" USING btree ("protection_ends_at") WHERE "registrations"."status" = 'approved';--> statement-breakpoint
CREATE INDEX "registrations_created_by_idx" ON "registrations" USING btree ("created_by_id");