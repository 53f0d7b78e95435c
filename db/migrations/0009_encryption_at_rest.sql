CREATE TABLE "data_keys" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "data_keys_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"scope" text NOT NULL,
	"organization_id" uuid,
	"wrapped" text NOT NULL,
	"master_key_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retired_at" timestamp with time zone,
	CONSTRAINT "data_keys_scope_check" CHECK (("data_keys"."organization_id" is null) = ("data_keys"."scope" in ('platform', 'lookup')))
);
--> statement-breakpoint
ALTER TABLE "signatures" ADD COLUMN "email_domain" text;--> statement-breakpoint
ALTER TABLE "data_keys" ADD CONSTRAINT "data_keys_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "data_keys_one_current_per_scope" ON "data_keys" USING btree ("scope") WHERE retired_at is null;--> statement-breakpoint
-- Moderation reads the domain from its own column from now on (decision 0027).
UPDATE "signatures" s SET "email_domain" = lower(split_part(coalesce(s."email", p."email"), '@', 2))
  FROM "supporters" p WHERE p."id" = s."supporter_id" AND s."name" <> '' AND coalesce(s."email", p."email") LIKE '%@%';
