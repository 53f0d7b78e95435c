CREATE TABLE "campaign_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"source" text NOT NULL,
	"label" text NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaign_links_source_check" CHECK ("campaign_links"."source" ~ '^[a-z0-9][a-z0-9-]{0,39}$')
);
--> statement-breakpoint
CREATE TABLE "office_digests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"office_email" text NOT NULL,
	"message_id" text NOT NULL,
	"letter_count" integer NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "office_digests_message_id_unique" UNIQUE("message_id")
);
--> statement-breakpoint
CREATE TABLE "office_sign_in_tokens" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"office_email" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "offices" (
	"email" text PRIMARY KEY NOT NULL,
	"delivery" text DEFAULT 'each' NOT NULL,
	"digest_hour" integer DEFAULT 8 NOT NULL,
	"digest_weekday" integer DEFAULT 1 NOT NULL,
	"preferences_changed_at" timestamp with time zone,
	"bounced_at" timestamp with time zone,
	"bounce_detail" text,
	"last_digest_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "offices_delivery_check" CHECK (delivery in ('each', 'daily', 'weekly')),
	CONSTRAINT "offices_hour_check" CHECK ("offices"."digest_hour" between 0 and 23),
	CONSTRAINT "offices_weekday_check" CHECK ("offices"."digest_weekday" between 1 and 7)
);
--> statement-breakpoint
ALTER TABLE "letters" ADD COLUMN "delivered_to" text;--> statement-breakpoint
ALTER TABLE "letters" ADD COLUMN "digest_due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "letters" ADD COLUMN "digest_id" uuid;--> statement-breakpoint
ALTER TABLE "letters" ADD COLUMN "bounced_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "signatures" ADD COLUMN "source" text;--> statement-breakpoint
ALTER TABLE "signing_flows" ADD COLUMN "source" text;--> statement-breakpoint
ALTER TABLE "campaign_links" ADD CONSTRAINT "campaign_links_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_links" ADD CONSTRAINT "campaign_links_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "campaign_links_campaign_source" ON "campaign_links" USING btree ("campaign_id","source");--> statement-breakpoint
CREATE INDEX "office_digests_office_idx" ON "office_digests" USING btree ("office_email","sent_at");--> statement-breakpoint
ALTER TABLE "letters" ADD CONSTRAINT "letters_digest_id_office_digests_id_fk" FOREIGN KEY ("digest_id") REFERENCES "public"."office_digests"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "letters_digest_due_idx" ON "letters" USING btree ("digest_due_at") WHERE status = 'queued' and digest_due_at is not null;--> statement-breakpoint
CREATE INDEX "letters_delivered_to_idx" ON "letters" USING btree ("delivered_to","sent_at") WHERE status = 'sent';