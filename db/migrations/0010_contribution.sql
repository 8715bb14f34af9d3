CREATE TYPE "public"."announcement_kind" AS ENUM('campaign', 'training', 'news');--> statement-breakpoint
CREATE TYPE "public"."target_period_kind" AS ENUM('quarter', 'year');--> statement-breakpoint
CREATE TABLE "announcement_reads" (
	"announcement_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"partner_id" uuid NOT NULL,
	"read_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "announcement_reads_announcement_id_user_id_pk" PRIMARY KEY("announcement_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "announcements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"kind" "announcement_kind" NOT NULL,
	"attachments" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"audience_tiers" "partner_tier"[] DEFAULT '{}' NOT NULL,
	"audience_regions" text[] DEFAULT '{}'::text[] NOT NULL,
	"published_at" timestamp with time zone,
	"author_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "announcements_title" CHECK (btrim("announcements"."title") <> '' and length("announcements"."title") <= 200 and length("announcements"."body") <= 20000),
	CONSTRAINT "announcements_attachments_array" CHECK (jsonb_typeof("announcements"."attachments") = 'array')
);
--> statement-breakpoint
CREATE TABLE "contribution_settings" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"registered_probability_bps" integer DEFAULT 1000 NOT NULL,
	"qualified_probability_bps" integer DEFAULT 2500 NOT NULL,
	"proposal_probability_bps" integer DEFAULT 5000 NOT NULL,
	"negotiation_probability_bps" integer DEFAULT 7500 NOT NULL,
	"reporting_currency" char(3) DEFAULT 'CNY' NOT NULL,
	"updated_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contribution_settings_single_row" CHECK ("contribution_settings"."id" = 1),
	CONSTRAINT "contribution_settings_probabilities" CHECK ("contribution_settings"."registered_probability_bps" between 0 and 10000
        and "contribution_settings"."qualified_probability_bps" between 0 and 10000
        and "contribution_settings"."proposal_probability_bps" between 0 and 10000
        and "contribution_settings"."negotiation_probability_bps" between 0 and 10000),
	CONSTRAINT "contribution_settings_currency_format" CHECK ("contribution_settings"."reporting_currency" ~ '^[A-Z]{3}$')
);
--> statement-breakpoint
CREATE TABLE "partner_targets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partner_id" uuid NOT NULL,
	"period_kind" "target_period_kind" NOT NULL,
	"period_start" date NOT NULL,
	"revenue_target_minor" bigint DEFAULT 0 NOT NULL,
	"currency" char(3) DEFAULT 'CNY' NOT NULL,
	"registrations_target" integer DEFAULT 0 NOT NULL,
	"updated_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "partner_targets_revenue_nonneg" CHECK ("partner_targets"."revenue_target_minor" >= 0),
	CONSTRAINT "partner_targets_registrations_nonneg" CHECK ("partner_targets"."registrations_target" >= 0),
	CONSTRAINT "partner_targets_currency_format" CHECK ("partner_targets"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "partner_targets_period_start" CHECK (extract(day from "partner_targets"."period_start") = 1 and (
        ("partner_targets"."period_kind" = 'quarter' and extract(month from "partner_targets"."period_start") in (1, 4, 7, 10))
        or ("partner_targets"."period_kind" = 'year' and extract(month from "partner_targets"."period_start") = 1)))
);
--> statement-breakpoint
ALTER TABLE "announcement_reads" ADD CONSTRAINT "announcement_reads_announcement_id_announcements_id_fk" FOREIGN KEY ("announcement_id") REFERENCES "public"."announcements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "announcement_reads" ADD CONSTRAINT "announcement_reads_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "announcement_reads" ADD CONSTRAINT "announcement_reads_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "announcements" ADD CONSTRAINT "announcements_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contribution_settings" ADD CONSTRAINT "contribution_settings_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_targets" ADD CONSTRAINT "partner_targets_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_targets" ADD CONSTRAINT "partner_targets_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "announcement_reads_partner_idx" ON "announcement_reads" USING btree ("partner_id","announcement_id");--> statement-breakpoint
CREATE INDEX "announcements_published_idx" ON "announcements" USING btree ("published_at") WHERE "announcements"."published_at" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "partner_targets_period_key" ON "partner_targets" USING btree ("partner_id","period_kind","period_start");--> statement-breakpoint
CREATE INDEX "partner_targets_period_idx" ON "partner_targets" USING btree ("period_kind","period_start");