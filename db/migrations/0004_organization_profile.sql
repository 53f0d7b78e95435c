ALTER TABLE "organizations" ADD COLUMN "logo_type" text;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "logo_data" text;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "logo_updated_at" timestamp with time zone;