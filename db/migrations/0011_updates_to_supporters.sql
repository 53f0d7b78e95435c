CREATE TABLE "supporter_update_content" (
	"update_id" uuid NOT NULL,
	"locale" text NOT NULL,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	CONSTRAINT "supporter_update_content_update_id_locale_pk" PRIMARY KEY("update_id","locale")
);
--> statement-breakpoint
CREATE TABLE "supporter_update_deliveries" (
	"update_id" uuid NOT NULL,
	"signature_id" uuid NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"claimed_at" timestamp with time zone,
	"sent_at" timestamp with time zone,
	"unsubscribed_at" timestamp with time zone,
	CONSTRAINT "supporter_update_deliveries_update_id_signature_id_pk" PRIMARY KEY("update_id","signature_id"),
	CONSTRAINT "supporter_update_deliveries_status_check" CHECK (status in ('queued', 'sending', 'sent', 'failed', 'skipped'))
);
--> statement-breakpoint
CREATE TABLE "supporter_updates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"provinces" text[] DEFAULT '{}'::text[] NOT NULL,
	"ridings" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"test_sent_at" timestamp with time zone,
	"sent_by" text,
	"send_started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"recipients" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "supporter_updates_status_check" CHECK (status in ('draft', 'sending', 'sent'))
);
--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "mailing_address" text;--> statement-breakpoint
ALTER TABLE "tokens" ADD COLUMN "update_id" uuid;--> statement-breakpoint
ALTER TABLE "supporter_update_content" ADD CONSTRAINT "supporter_update_content_update_id_supporter_updates_id_fk" FOREIGN KEY ("update_id") REFERENCES "public"."supporter_updates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supporter_update_deliveries" ADD CONSTRAINT "supporter_update_deliveries_update_id_supporter_updates_id_fk" FOREIGN KEY ("update_id") REFERENCES "public"."supporter_updates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supporter_update_deliveries" ADD CONSTRAINT "supporter_update_deliveries_signature_id_signatures_id_fk" FOREIGN KEY ("signature_id") REFERENCES "public"."signatures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supporter_updates" ADD CONSTRAINT "supporter_updates_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supporter_updates" ADD CONSTRAINT "supporter_updates_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supporter_updates" ADD CONSTRAINT "supporter_updates_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supporter_updates" ADD CONSTRAINT "supporter_updates_sent_by_users_id_fk" FOREIGN KEY ("sent_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "supporter_update_deliveries_status_idx" ON "supporter_update_deliveries" USING btree ("update_id","status");--> statement-breakpoint
CREATE INDEX "supporter_updates_campaign_idx" ON "supporter_updates" USING btree ("campaign_id","created_at");--> statement-breakpoint
ALTER TABLE "tokens" ADD CONSTRAINT "tokens_update_id_supporter_updates_id_fk" FOREIGN KEY ("update_id") REFERENCES "public"."supporter_updates"("id") ON DELETE set null ON UPDATE no action;