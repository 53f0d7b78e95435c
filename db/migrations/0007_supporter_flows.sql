CREATE TABLE "signing_flows" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"signature_id" uuid NOT NULL,
	"created_signature" boolean DEFAULT false NOT NULL,
	"flag_reason" text,
	"proven_at" timestamp with time zone,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"residency" text NOT NULL,
	"postal_code" text,
	"province_code" text,
	"riding_fed_num" text,
	"locale" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "signing_flows_residency_check" CHECK (residency in ('resident', 'citizen_abroad', 'ally_abroad'))
);
--> statement-breakpoint
ALTER TABLE "tokens" DROP CONSTRAINT "tokens_purpose_check";--> statement-breakpoint
DROP INDEX "letters_one_per_signature_per_target";--> statement-breakpoint
ALTER TABLE "letters" ADD COLUMN "flow_id" uuid;--> statement-breakpoint
ALTER TABLE "letters" ADD COLUMN "sender_name" text;--> statement-breakpoint
ALTER TABLE "letters" ADD COLUMN "sender_email" text;--> statement-breakpoint
ALTER TABLE "letters" ADD COLUMN "sender_postal_code" text;--> statement-breakpoint
ALTER TABLE "letters" ADD COLUMN "sender_riding_fed_num" text;--> statement-breakpoint
ALTER TABLE "letters" ADD COLUMN "approved_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "signatures" ADD COLUMN "approval_emails_sent" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "signatures" ADD COLUMN "code_failures" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "tokens" ADD COLUMN "letter_id" uuid;--> statement-breakpoint
ALTER TABLE "signing_flows" ADD CONSTRAINT "signing_flows_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signing_flows" ADD CONSTRAINT "signing_flows_signature_id_signatures_id_fk" FOREIGN KEY ("signature_id") REFERENCES "public"."signatures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signing_flows" ADD CONSTRAINT "signing_flows_riding_fed_num_ridings_fed_num_fk" FOREIGN KEY ("riding_fed_num") REFERENCES "public"."ridings"("fed_num") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "signing_flows_signature_idx" ON "signing_flows" USING btree ("signature_id");--> statement-breakpoint
CREATE INDEX "signing_flows_expires_idx" ON "signing_flows" USING btree ("expires_at");--> statement-breakpoint
ALTER TABLE "letters" ADD CONSTRAINT "letters_flow_id_signing_flows_id_fk" FOREIGN KEY ("flow_id") REFERENCES "public"."signing_flows"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "letters" ADD CONSTRAINT "letters_sender_riding_fed_num_ridings_fed_num_fk" FOREIGN KEY ("sender_riding_fed_num") REFERENCES "public"."ridings"("fed_num") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tokens" ADD CONSTRAINT "tokens_letter_id_letters_id_fk" FOREIGN KEY ("letter_id") REFERENCES "public"."letters"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "letters_one_delivered_per_signature_per_target" ON "letters" USING btree ("signature_id","representative_id") WHERE status in ('queued', 'sending', 'sent', 'failed');--> statement-breakpoint
CREATE UNIQUE INDEX "letters_one_unsent_per_flow_per_target" ON "letters" USING btree ("flow_id","representative_id") WHERE status in ('draft', 'held');--> statement-breakpoint
CREATE INDEX "letters_held_idx" ON "letters" USING btree ("held_at") WHERE status = 'held';--> statement-breakpoint
ALTER TABLE "tokens" DROP COLUMN "failed_attempts";--> statement-breakpoint
ALTER TABLE "tokens" ADD CONSTRAINT "tokens_letter_check" CHECK (("tokens"."purpose" = 'approve') = ("tokens"."letter_id" is not null));--> statement-breakpoint
ALTER TABLE "tokens" ADD CONSTRAINT "tokens_purpose_check" CHECK (purpose in ('confirm', 'manage', 'unsubscribe', 'approve'));--> statement-breakpoint
-- Letters written before flows existed carry their sender from the signature, as they were sent.
UPDATE "letters" SET "sender_name" = s."name", "sender_email" = coalesce(s."email", p."email"), "sender_postal_code" = s."postal_code",
  "sender_riding_fed_num" = s."riding_fed_num", "approved_at" = coalesce("letters"."queued_at", "letters"."sent_at")
  FROM "signatures" s JOIN "supporters" p ON p."id" = s."supporter_id" WHERE s."id" = "letters"."signature_id";--> statement-breakpoint
-- Drafts and held letters of the old model have no flow to reach them and no approval: they would
-- have been released by a confirmation alone, which is exactly what decision 0014 forbids.
INSERT INTO "letter_events" ("letter_id", "status", "detail")
  SELECT "id", 'cancelled', 'written before letters needed the address owner''s approval (migration 0007)' FROM "letters" WHERE "status" in ('draft', 'held');--> statement-breakpoint
UPDATE "letters" SET "status" = 'cancelled', "subject" = '', "body" = '' WHERE "status" in ('draft', 'held');
