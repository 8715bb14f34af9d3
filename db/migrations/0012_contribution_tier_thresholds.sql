ALTER TABLE "contribution_settings" ADD COLUMN "silver_threshold_minor" bigint DEFAULT 50000000 NOT NULL;--> statement-breakpoint
ALTER TABLE "contribution_settings" ADD COLUMN "gold_threshold_minor" bigint DEFAULT 200000000 NOT NULL;--> statement-breakpoint
ALTER TABLE "contribution_settings" ADD COLUMN "platinum_threshold_minor" bigint DEFAULT 500000000 NOT NULL;--> statement-breakpoint
ALTER TABLE "contribution_settings" ADD CONSTRAINT "contribution_settings_tier_thresholds" CHECK (0 <= "contribution_settings"."silver_threshold_minor" and "contribution_settings"."silver_threshold_minor" <= "contribution_settings"."gold_threshold_minor"
        and "contribution_settings"."gold_threshold_minor" <= "contribution_settings"."platinum_threshold_minor");