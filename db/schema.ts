import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigserial,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

/* ------------------------------------------------------------------ lifecycles */
// State sets live here so the CHECK constraints and the code agree; "what counts" is decided once.

export const ROLES = ["owner", "editor", "viewer"] as const;
export type Role = (typeof ROLES)[number];

export const CAMPAIGN_STATUSES = ["draft", "published", "closed", "archived"] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export const SIGNATURE_STATUSES = ["pending", "confirmed", "flagged", "invalidated"] as const;
export type SignatureStatus = (typeof SIGNATURE_STATUSES)[number];
/** Only these count towards a campaign's total and only their letters leave. */
export const COUNTED_SIGNATURE_STATUSES = ["confirmed"] as const satisfies readonly SignatureStatus[];

export const RESIDENCIES = ["resident", "citizen_abroad", "ally_abroad"] as const;
export type Residency = (typeof RESIDENCIES)[number];

/**
 * draft: being written in one browser's signing flow; held: the writer pressed Send but nobody
 * who proved control of the address has approved it yet (see docs/decisions/0014); queued: a send
 * job exists; sending: a worker has claimed it; sent / failed: terminal; cancelled: the signature
 * was invalidated, the letter was refused by the address's owner, or it expired unapproved.
 */
export const LETTER_STATUSES = ["draft", "held", "queued", "sending", "sent", "failed", "cancelled"] as const;
export type LetterStatus = (typeof LETTER_STATUSES)[number];

/** A letter still belonging to its writer's flow; the others are the signature's letters. */
export const UNSENT_LETTER_STATUSES = ["draft", "held"] as const satisfies readonly LetterStatus[];
/** One letter per signature per office in these states: what the office has, or will have. */
export const DELIVERED_LETTER_STATUSES = ["queued", "sending", "sent", "failed"] as const satisfies readonly LetterStatus[];

/** approve: one held letter, mailed in full to the address's owner, who may send it. */
export const TOKEN_PURPOSES = ["confirm", "manage", "unsubscribe", "approve"] as const;
export type TokenPurpose = (typeof TOKEN_PURPOSES)[number];

export const TARGET_KINDS = ["own_mp", "representative"] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

const inList = (column: string, values: readonly string[]) =>
  sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(", ")})`);

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

/* ------------------------------------------------------------------ organizations & people */

export const organizations = pgTable("organizations", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  slug: text("slug").notNull().unique(),
  /**
   * The logo, uploaded by an owner and served from this site (a third-party image URL would tell
   * another server who reads a campaign page): PNG, JPEG or WebP, checked by its bytes.
   */
  logoType: text("logo_type"),
  /** Base64 of the image (at most LOGO_MAX_BYTES, lib/organizer/settings.ts). */
  logoData: text("logo_data"),
  logoUpdatedAt: timestamp("logo_updated_at", { withTimezone: true }),
  /** Where supporters write about a campaign or their data; shown on the organization's campaign pages. */
  contactEmail: text("contact_email"),
  /**
   * The organization's postal address, as it should appear at the foot of its updates to
   * supporters (Canada's Anti-Spam Legislation asks for one on every commercial electronic message).
   */
  mailingAddress: text("mailing_address"),
  /**
   * The sites (https origins) that may frame the organization's sign forms; empty: any https site
   * (docs/decisions/0031-embeddable-sign-form.md).
   */
  embedSites: text("embed_sites").array().notNull().default(sql`'{}'::text[]`),
  /**
   * Set by a platform owner: the organization's campaigns are hidden, take no signatures, and
   * their letters wait. Its members keep their workspace.
   */
  suspendedAt: timestamp("suspended_at", { withTimezone: true }),
  suspendedReason: text("suspended_reason"),
  /** The organization's working language: new campaigns start in it. */
  defaultLocale: text("default_locale").notNull().default("en"),
  /** Demo organizations are labelled as such on every public page. */
  isDemo: boolean("is_demo").notNull().default(false),
  /** Owners of the platform organization may import representative data. */
  isPlatformAdmin: boolean("is_platform_admin").notNull().default(false),
  /**
   * Months after a campaign closes before its supporters' identities (name, email, postal code,
   * comment, letters) are anonymised; counts and per-riding figures stay (decision 0024).
   */
  retentionMonths: integer("retention_months").notNull().default(6),
  /** Each export waits for a second owner's approval (decision 0025). */
  exportApprovalRequired: boolean("export_approval_required").notNull().default(false),
  createdAt: createdAt(),
}, (t) => [check("organizations_retention_check", sql`${t.retentionMonths} between 1 and 60`)]);

// Auth.js tables (the Drizzle adapter's shape).
export const users = pgTable("users", {
  id: text("id")
    .primaryKey()
    .$defaultFn(() => crypto.randomUUID()),
  name: text("name"),
  email: text("email").notNull().unique(),
  emailVerified: timestamp("email_verified", { mode: "date", withTimezone: true }),
  image: text("image"),
  createdAt: createdAt(),
});

export const accounts = pgTable(
  "accounts",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    type: text("type").notNull(),
    provider: text("provider").notNull(),
    providerAccountId: text("provider_account_id").notNull(),
    refresh_token: text("refresh_token"),
    access_token: text("access_token"),
    expires_at: integer("expires_at"),
    token_type: text("token_type"),
    scope: text("scope"),
    id_token: text("id_token"),
    session_state: text("session_state"),
  },
  (t) => [primaryKey({ columns: [t.provider, t.providerAccountId] })],
);

export const sessions = pgTable("sessions", {
  sessionToken: text("session_token").primaryKey(),
  userId: text("user_id")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  expires: timestamp("expires", { mode: "date", withTimezone: true }).notNull(),
});

export const verificationTokens = pgTable(
  "verification_tokens",
  {
    identifier: text("identifier").notNull(),
    token: text("token").notNull(),
    expires: timestamp("expires", { mode: "date", withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.identifier, t.token] })],
);

export const memberships = pgTable(
  "memberships",
  {
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: text("role").$type<Role>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.userId] }),
    index("memberships_user_idx").on(t.userId),
    check("memberships_role_check", inList("role", ROLES)),
  ],
);

export const invitations = pgTable(
  "invitations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    role: text("role").$type<Role>().notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    invitedBy: text("invited_by").references(() => users.id, { onDelete: "set null" }),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    acceptedAt: timestamp("accepted_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    check("invitations_role_check", inList("role", ROLES)),
    // One open invitation per address per organization: inviting again refreshes it.
    uniqueIndex("invitations_one_open_per_email").on(t.organizationId, sql`lower(${t.email})`).where(sql`${t.acceptedAt} is null`),
  ],
);

/* ------------------------------------------------------------------ ridings & representatives */

export const ridings = pgTable(
  "ridings",
  {
    /** Elections Canada's 5-digit federal electoral district number; first two digits = province. */
    fedNum: text("fed_num").primaryKey(),
    nameEn: text("name_en").notNull(),
    nameFr: text("name_fr").notNull(),
    provinceCode: text("province_code").notNull(),
    representationOrder: integer("representation_order").notNull().default(2023),
  },
  (t) => [index("ridings_province_idx").on(t.provinceCode)],
);

export const representatives = pgTable(
  "representatives",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    ridingFedNum: text("riding_fed_num")
      .notNull()
      .references(() => ridings.fedNum),
    name: text("name").notNull(),
    firstName: text("first_name"),
    lastName: text("last_name"),
    party: text("party"),
    email: text("email"),
    photoUrl: text("photo_url"),
    honourable: boolean("honourable").notNull().default(false),
    /** A riding with no current representative is vacant: a state the UI shows, not an error. */
    current: boolean("current").notNull().default(true),
    /** The date the source data describes (MP data goes stale: by-elections, floor-crossings). */
    asOf: date("as_of").notNull(),
    source: text("source").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("representatives_one_current_per_riding").on(t.ridingFedNum).where(sql`${t.current}`),
    index("representatives_name_idx").on(t.lastName, t.firstName),
  ],
);

/** Candidate ridings for a postal-code prefix (FSA): approximate, always confirmed by the supporter. */
export const fsaCandidates = pgTable(
  "fsa_candidates",
  {
    fsa: text("fsa").notNull(),
    fedNum: text("fed_num")
      .notNull()
      .references(() => ridings.fedNum),
    share: real("share").notNull(),
    rank: integer("rank").notNull(),
  },
  (t) => [primaryKey({ columns: [t.fsa, t.fedNum] })],
);

/* ------------------------------------------------------------------ campaigns */

export const campaigns = pgTable(
  "campaigns",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    slug: text("slug").notNull().unique(),
    status: text("status").$type<CampaignStatus>().notNull().default("draft"),
    /** Locales this campaign is published in; the first is its default. */
    locales: jsonb("locales").$type<string[]>().notNull().default(["en"]),
    signatureGoal: integer("signature_goal").notNull().default(1000),
    endsAt: timestamp("ends_at", { withTimezone: true }),
    publishedAt: timestamp("published_at", { withTimezone: true }),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    archivedAt: timestamp("archived_at", { withTimezone: true }),
    /**
     * Deliver-then-delete: each letter's text and its writer's identity are erased as soon as the
     * office has the letter; the export then holds no personal data for this campaign.
     */
    deliverThenDelete: boolean("deliver_then_delete").notNull().default(false),
    /** When the organization's owners were told that anonymisation is a week away. */
    retentionWarnedAt: timestamp("retention_warned_at", { withTimezone: true }),
    /** When the supporters' identities were anonymised under the retention period. */
    anonymisedAt: timestamp("anonymised_at", { withTimezone: true }),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("campaigns_org_idx").on(t.organizationId),
    check("campaigns_status_check", inList("status", CAMPAIGN_STATUSES)),
    check("campaigns_goal_check", sql`${t.signatureGoal} > 0`),
  ],
);

export const campaignContent = pgTable(
  "campaign_content",
  {
    campaignId: uuid("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    locale: text("locale").notNull(),
    title: text("title").notNull(),
    summary: text("summary").notNull(),
    /** Organizer-authored Markdown; rendered with raw HTML disabled (lib/campaigns/markdown.ts). */
    bodyMarkdown: text("body_markdown").notNull(),
    demand: text("demand").notNull(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.locale] })],
);

/** Dated evidence shown as a timeline on the campaign page. */
export const campaignSources = pgTable(
  "campaign_sources",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    campaignId: uuid("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    happenedOn: date("happened_on").notNull(),
    title: text("title").notNull(),
    publisher: text("publisher").notNull(),
    url: text("url").notNull(),
    /** Null: shown in every language. */
    locale: text("locale"),
  },
  (t) => [index("campaign_sources_campaign_idx").on(t.campaignId, t.happenedOn)],
);

/** A named, tagged link to a campaign (newsletter, rally poster, partner site): `?src=<source>`. */
export const campaignLinks = pgTable(
  "campaign_links",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    campaignId: uuid("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    /** Lower-case letters, digits and hyphens, at most 40 characters. */
    source: text("source").notNull(),
    label: text("label").notNull(),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("campaign_links_campaign_source").on(t.campaignId, t.source),
    check("campaign_links_source_check", sql`${t.source} ~ '^[a-z0-9][a-z0-9-]{0,39}$'`),
  ],
);

export const campaignTargets = pgTable(
  "campaign_targets",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    campaignId: uuid("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    kind: text("kind").$type<TargetKind>().notNull(),
    representativeId: uuid("representative_id").references(() => representatives.id),
  },
  (t) => [
    index("campaign_targets_campaign_idx").on(t.campaignId),
    check("campaign_targets_kind_check", inList("kind", TARGET_KINDS)),
    check(
      "campaign_targets_rep_check",
      sql`(${t.kind} = 'own_mp' and ${t.representativeId} is null) or (${t.kind} = 'representative' and ${t.representativeId} is not null)`,
    ),
  ],
);

export const letterTemplates = pgTable(
  "letter_templates",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    campaignId: uuid("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    locale: text("locale").notNull(),
    /** Several subject lines; one is chosen per letter so an office's inbox is not a wall of duplicates. */
    subjects: jsonb("subjects").$type<string[]>().notNull(),
    body: text("body").notNull(),
    personalPrompt: text("personal_prompt").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("letter_templates_campaign_locale").on(t.campaignId, t.locale)],
);

/* ------------------------------------------------------------------ supporters & signatures */

export const supporters = pgTable("supporters", {
  id: uuid("id").primaryKey().defaultRandom(),
  /** As typed (trimmed): where mail goes. Encrypted under the platform's data key (decision 0027). */
  email: text("email").notNull(),
  /**
   * The uniqueness and look-up key: a keyed hash (HMAC) of the canonical address (lower-case,
   * Gmail-style dots and +tags removed), never the address itself; see `lib/privacy/encryption.ts`.
   * The column keeps its first name; an erased supporter holds its placeholder address here.
   */
  emailHash: text("email_canonical").notNull().unique(),
  locale: text("locale").notNull().default("en"),
  createdAt: createdAt(),
});

export const signatures = pgTable(
  "signatures",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    campaignId: uuid("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    supporterId: uuid("supporter_id")
      .notNull()
      .references(() => supporters.id, { onDelete: "cascade" }),
    status: text("status").$type<SignatureStatus>().notNull().default("pending"),
    name: text("name").notNull(),
    /**
     * The address as typed for this signature: where its mail goes and what its organization sees.
     * The supporter row is shared by every organization and keeps the first variant typed (a
     * +tag meant for one organization must not show up in another's export). Null on rows from
     * before this column, which fall back to the supporter's address; erased on withdrawal.
     */
    email: text("email"),
    /**
     * The address's domain, in clear (lower-case), for moderation: the flag queue, invalidation by
     * domain and the block list work on it. Erased with the address (decision 0027).
     */
    emailDomain: text("email_domain"),
    residency: text("residency").$type<Residency>().notNull(),
    /** Canonical "A1A 1A1"; null for supporters outside Canada. */
    postalCode: text("postal_code"),
    provinceCode: text("province_code"),
    /** Chosen by the supporter from the candidates; never picked silently. */
    ridingFedNum: text("riding_fed_num").references(() => ridings.fedNum),
    comment: text("comment"),
    locale: text("locale").notNull().default("en"),
    consentToContact: boolean("consent_to_contact").notNull().default(false),
    /** The `?src=` tag of the link the supporter signed from (a poster's QR code, a newsletter). */
    source: text("source"),
    /** CASL: the version of the consent wording shown, and when it was given. */
    consentWordingVersion: text("consent_wording_version"),
    consentAt: timestamp("consent_at", { withTimezone: true }),
    unsubscribedAt: timestamp("unsubscribed_at", { withTimezone: true }),
    /** Kept for abuse moderation (rate limits, bulk invalidation by range); erased by retention. */
    ip: text("ip"),
    flagReason: text("flag_reason"),
    confirmationEmailsSent: integer("confirmation_emails_sent").notNull().default(0),
    /** Emails asking the address's owner to approve a letter written without proof (capped). */
    approvalEmailsSent: integer("approval_emails_sent").notNull().default(0),
    /** Wrong 6-digit codes typed for this signature, over its whole life (resends do not reset it). */
    codeFailures: integer("code_failures").notNull().default(0),
    createdAt: createdAt(),
    confirmedAt: timestamp("confirmed_at", { withTimezone: true }),
    invalidatedAt: timestamp("invalidated_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("signatures_one_per_supporter_per_campaign").on(t.campaignId, t.supporterId),
    index("signatures_campaign_status_idx").on(t.campaignId, t.status),
    index("signatures_campaign_riding_idx").on(t.campaignId, t.ridingFedNum),
    index("signatures_campaign_created_idx").on(t.campaignId, t.createdAt),
    // Trending detection reads one campaign's confirmations of the last hour.
    index("signatures_campaign_confirmed_idx").on(t.campaignId, t.confirmedAt),
    check("signatures_status_check", inList("status", SIGNATURE_STATUSES)),
    check("signatures_residency_check", inList("residency", RESIDENCIES)),
    check(
      "signatures_confirmed_at_check",
      sql`${t.status} <> 'confirmed' or ${t.confirmedAt} is not null`,
    ),
  ],
);

/**
 * One browser's way through signing and writing, named by its signed cookie. It holds only what
 * that browser typed; rights over the signature behind it come from `created_signature` (this
 * browser's request created it) or `proven_at` (this browser used a link or code from the
 * mailbox). Re-signing with a known address makes a flow like any other and grants nothing.
 */
export const signingFlows = pgTable(
  "signing_flows",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    campaignId: uuid("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    signatureId: uuid("signature_id")
      .notNull()
      .references(() => signatures.id, { onDelete: "cascade" }),
    createdSignature: boolean("created_signature").notNull().default(false),
    /** Set by the signing decision (honeypot, block list, rate limit): nothing is mailed for this flow. */
    flagReason: text("flag_reason"),
    provenAt: timestamp("proven_at", { withTimezone: true }),
    name: text("name").notNull(),
    email: text("email").notNull(),
    residency: text("residency").$type<Residency>().notNull(),
    postalCode: text("postal_code"),
    provinceCode: text("province_code"),
    ridingFedNum: text("riding_fed_num").references(() => ridings.fedNum),
    locale: text("locale").notNull(),
    /** The `?src=` tag the sign form carried, copied to the signature when it is created. */
    source: text("source"),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    index("signing_flows_signature_idx").on(t.signatureId),
    index("signing_flows_expires_idx").on(t.expiresAt),
    check("signing_flows_residency_check", inList("residency", RESIDENCIES)),
  ],
);

/** One random token per purpose, stored only as a SHA-256 hash. */
export const tokens = pgTable(
  "tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    purpose: text("purpose").$type<TokenPurpose>().notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    /** The 6-digit code sent with a confirmation link, hashed with the token id as salt. */
    codeHash: text("code_hash"),
    signatureId: uuid("signature_id")
      .notNull()
      .references(() => signatures.id, { onDelete: "cascade" }),
    /** The letter an approve token may send (approve tokens only). */
    letterId: uuid("letter_id").references((): AnyPgColumn => letters.id, { onDelete: "cascade" }),
    /** The update an unsubscribe token was mailed in, so the update's figures count its unsubscribes. */
    updateId: uuid("update_id").references((): AnyPgColumn => supporterUpdates.id, { onDelete: "set null" }),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index("tokens_signature_idx").on(t.signatureId, t.purpose),
    check("tokens_purpose_check", inList("purpose", TOKEN_PURPOSES)),
    check("tokens_letter_check", sql`(${t.purpose} = 'approve') = (${t.letterId} is not null)`),
  ],
);

/**
 * A link mailed to an address on request ("what do you hold about me?"): whoever opens it has
 * proved control of the mailbox and may download or erase everything held about that supporter.
 */
export const supporterAccessTokens = pgTable(
  "supporter_access_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    supporterId: uuid("supporter_id")
      .notNull()
      .references(() => supporters.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull().unique(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("supporter_access_tokens_supporter_idx").on(t.supporterId)],
);

/**
 * Addresses whose owners erased their data: nothing is mailed to them again. Only a keyed hash
 * (HMAC) of the canonical address is stored, so the list itself names no one.
 */
export const suppressedEmails = pgTable("suppressed_emails", {
  emailHash: text("email_hash").primaryKey(),
  createdAt: createdAt(),
});

/* ------------------------------------------------------------------ updates to supporters */

/** draft: being written; sending: its recipients are fixed and mails are going out; sent: all went or failed. */
export const UPDATE_STATUSES = ["draft", "sending", "sent"] as const;
export type UpdateStatus = (typeof UPDATE_STATUSES)[number];

/**
 * An organization's news to the supporters of one campaign who asked to be kept informed
 * (decision 0032). The audience is the campaign's confirmed, consenting, subscribed supporters,
 * optionally narrowed to provinces or ridings; it is fixed when the update is sent.
 */
export const supporterUpdates = pgTable(
  "supporter_updates",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    campaignId: uuid("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    status: text("status").$type<UpdateStatus>().notNull().default("draft"),
    /** Province codes; empty means every province (and supporters abroad). */
    provinces: text("provinces").array().notNull().default(sql`'{}'::text[]`),
    /** Riding numbers; empty means every riding. */
    ridings: text("ridings").array().notNull().default(sql`'{}'::text[]`),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    testSentAt: timestamp("test_sent_at", { withTimezone: true }),
    sentBy: text("sent_by").references(() => users.id, { onDelete: "set null" }),
    sendStartedAt: timestamp("send_started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    /** How many supporters it was addressed to when sent. */
    recipients: integer("recipients").notNull().default(0),
  },
  (t) => [
    index("supporter_updates_campaign_idx").on(t.campaignId, t.createdAt),
    check("supporter_updates_status_check", inList("status", UPDATE_STATUSES)),
  ],
);

/** An update's subject and Markdown body in one of its campaign's languages. */
export const supporterUpdateContent = pgTable(
  "supporter_update_content",
  {
    updateId: uuid("update_id")
      .notNull()
      .references(() => supporterUpdates.id, { onDelete: "cascade" }),
    locale: text("locale").notNull(),
    subject: text("subject").notNull(),
    body: text("body").notNull(),
  },
  (t) => [primaryKey({ columns: [t.updateId, t.locale] })],
);

/**
 * queued: waiting for its batch; sending: claimed by a worker; sent; failed: refused for good or
 * after its attempts; skipped: the supporter withdrew, unsubscribed or erased their data meanwhile.
 */
export const UPDATE_DELIVERY_STATUSES = ["queued", "sending", "sent", "failed", "skipped"] as const;
export type UpdateDeliveryStatus = (typeof UPDATE_DELIVERY_STATUSES)[number];

/** One recipient of a sent update: no address here (it is read from the signature at send time). */
export const supporterUpdateDeliveries = pgTable(
  "supporter_update_deliveries",
  {
    updateId: uuid("update_id")
      .notNull()
      .references(() => supporterUpdates.id, { onDelete: "cascade" }),
    signatureId: uuid("signature_id")
      .notNull()
      .references(() => signatures.id, { onDelete: "cascade" }),
    status: text("status").$type<UpdateDeliveryStatus>().notNull().default("queued"),
    attempts: integer("attempts").notNull().default(0),
    claimedAt: timestamp("claimed_at", { withTimezone: true }),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    /** When the supporter unsubscribed through this update's link. */
    unsubscribedAt: timestamp("unsubscribed_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.updateId, t.signatureId] }),
    index("supporter_update_deliveries_status_idx").on(t.updateId, t.status),
    check("supporter_update_deliveries_status_check", inList("status", UPDATE_DELIVERY_STATUSES)),
  ],
);

/* ------------------------------------------------------------------ MPs' offices */

/** each: every letter as it comes; daily / weekly: one digest at the office's hour (Ottawa time). */
export const OFFICE_DELIVERIES = ["each", "daily", "weekly"] as const;
export type OfficeDelivery = (typeof OFFICE_DELIVERIES)[number];

/**
 * An office address from the directory (public data, lower-case), with what the office chose and
 * what its mail server said. A row exists once an office chose something or an address bounced.
 */
export const offices = pgTable(
  "offices",
  {
    email: text("email").primaryKey(),
    delivery: text("delivery").$type<OfficeDelivery>().notNull().default("each"),
    /** 0–23, Ottawa time. */
    digestHour: integer("digest_hour").notNull().default(8),
    /** ISO day of the week for a weekly digest: 1 = Monday. */
    digestWeekday: integer("digest_weekday").notNull().default(1),
    preferencesChangedAt: timestamp("preferences_changed_at", { withTimezone: true }),
    /** A hard bounce: letters to this address wait until the directory has another one. */
    bouncedAt: timestamp("bounced_at", { withTimezone: true }),
    bounceDetail: text("bounce_detail"),
    lastDigestAt: timestamp("last_digest_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    check("offices_delivery_check", inList("delivery", OFFICE_DELIVERIES)),
    check("offices_hour_check", sql`${t.digestHour} between 0 and 23`),
    check("offices_weekday_check", sql`${t.digestWeekday} between 1 and 7`),
  ],
);

/** One digest email: which office, when, how many letters. */
export const officeDigests = pgTable(
  "office_digests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    officeEmail: text("office_email").notNull(),
    messageId: text("message_id").notNull().unique(),
    letterCount: integer("letter_count").notNull(),
    sentAt: timestamp("sent_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("office_digests_office_idx").on(t.officeEmail, t.sentAt)],
);

/** A sign-in link mailed to an office address: single use, stored only as a SHA-256 hash. */
export const officeSignInTokens = pgTable("office_sign_in_tokens", {
  tokenHash: text("token_hash").primaryKey(),
  officeEmail: text("office_email").notNull(),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  usedAt: timestamp("used_at", { withTimezone: true }),
  createdAt: createdAt(),
});

/* ------------------------------------------------------------------ letters */

export const letters = pgTable(
  "letters",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    campaignId: uuid("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    signatureId: uuid("signature_id")
      .notNull()
      .references(() => signatures.id, { onDelete: "cascade" }),
    /**
     * The browser flow that wrote it. Drafts and held letters are read only through their flow,
     * never through the signature, so typing an address shows nobody else's letters.
     */
    flowId: uuid("flow_id").references((): AnyPgColumn => signingFlows.id, { onDelete: "set null" }),
    representativeId: uuid("representative_id")
      .notNull()
      .references(() => representatives.id),
    status: text("status").$type<LetterStatus>().notNull().default("draft"),
    /**
     * The sender as the writer gave them (name, postal code, riding): the letter is sent exactly as
     * written and previewed, whoever the address's other signers were. Erased with the text.
     */
    senderName: text("sender_name"),
    senderEmail: text("sender_email"),
    senderPostalCode: text("sender_postal_code"),
    senderRidingFedNum: text("sender_riding_fed_num").references(() => ridings.fedNum),
    /** When someone who proved control of the address approved this exact text (their code or link). */
    approvedAt: timestamp("approved_at", { withTimezone: true }),
    subject: text("subject").notNull(),
    body: text("body").notNull(),
    /** 0 = the template word for word, 1 = entirely the supporter's own words. */
    personalScore: real("personal_score").notNull().default(0),
    /** Stable across retries so a receiving server can recognise a duplicate. */
    messageId: text("message_id").notNull().unique(),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    createdAt: createdAt(),
    heldAt: timestamp("held_at", { withTimezone: true }),
    queuedAt: timestamp("queued_at", { withTimezone: true }),
    sendingAt: timestamp("sending_at", { withTimezone: true }),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    failedAt: timestamp("failed_at", { withTimezone: true }),
    /**
     * The office address it went to (public directory data): the office inbox and bounces read it.
     * It can differ from the representative's row when the MP was replaced before delivery.
     */
    deliveredTo: text("delivered_to"),
    /** Set while the letter waits for its office's digest (the office chose one, or the cap was reached). */
    digestDueAt: timestamp("digest_due_at", { withTimezone: true }),
    /** The digest that carried it, if it did not go on its own. */
    digestId: uuid("digest_id").references((): AnyPgColumn => officeDigests.id, { onDelete: "set null" }),
    /** When the office's server refused it for good (a hard bounce); it then waits for a corrected address. */
    bouncedAt: timestamp("bounced_at", { withTimezone: true }),
  },
  (t) => [
    index("letters_digest_due_idx").on(t.digestDueAt).where(sql`status = 'queued' and digest_due_at is not null`),
    index("letters_delivered_to_idx").on(t.deliveredTo, t.sentAt).where(sql`status = 'sent'`),
    // One letter per supporter per office that the office has or will have; drafts and held
    // letters live in their writer's flow, one per office there.
    uniqueIndex("letters_one_delivered_per_signature_per_target")
      .on(t.signatureId, t.representativeId)
      .where(sql.raw(`status in (${DELIVERED_LETTER_STATUSES.map((v) => `'${v}'`).join(", ")})`)),
    uniqueIndex("letters_one_unsent_per_flow_per_target")
      .on(t.flowId, t.representativeId)
      .where(sql.raw(`status in (${UNSENT_LETTER_STATUSES.map((v) => `'${v}'`).join(", ")})`)),
    index("letters_held_idx").on(t.heldAt).where(sql`status = 'held'`),
    index("letters_campaign_status_idx").on(t.campaignId, t.status),
    index("letters_representative_idx").on(t.representativeId, t.status),
    check("letters_status_check", inList("status", LETTER_STATUSES)),
  ],
);

export const letterEvents = pgTable(
  "letter_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    letterId: uuid("letter_id")
      .notNull()
      .references(() => letters.id, { onDelete: "cascade" }),
    status: text("status").$type<LetterStatus>().notNull(),
    detail: text("detail"),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("letter_events_letter_idx").on(t.letterId, t.at)],
);

/* ------------------------------------------------------------------ operations */

export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    organizationId: uuid("organization_id").references(() => organizations.id, { onDelete: "cascade" }),
    actorUserId: text("actor_user_id").references(() => users.id, { onDelete: "set null" }),
    action: text("action").notNull(),
    targetType: text("target_type"),
    targetId: text("target_id"),
    detail: jsonb("detail").$type<Record<string, unknown>>(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("audit_log_org_idx").on(t.organizationId, t.at)],
);

export const EXPORT_STATUSES = ["requested", "approved", "refused", "downloaded", "expired"] as const;
export type ExportStatus = (typeof EXPORT_STATUSES)[number];

/**
 * Every export of supporters' data, one row each: who asked, who approved (when the organization
 * requires a second owner), when it was downloaded. Its id is written into the CSV so a leaked
 * file can be traced to one download.
 */
export const exportRequests = pgTable(
  "export_requests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    campaignId: uuid("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    status: text("status").$type<ExportStatus>().notNull().default("requested"),
    requestedBy: text("requested_by").references(() => users.id, { onDelete: "set null" }),
    requestedAt: timestamp("requested_at", { withTimezone: true }).notNull().defaultNow(),
    decidedBy: text("decided_by").references(() => users.id, { onDelete: "set null" }),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    downloadedAt: timestamp("downloaded_at", { withTimezone: true }),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    index("export_requests_org_idx").on(t.organizationId, t.requestedAt),
    check("export_requests_status_check", inList("status", EXPORT_STATUSES)),
  ],
);

/**
 * A campaign's dashboard figures as last computed by the worker (at most a minute old while the
 * campaign is live), so a dashboard at a million signatures reads one row; shown with `computed_at`.
 */
export const campaignStats = pgTable("campaign_stats", {
  campaignId: uuid("campaign_id")
    .primaryKey()
    .references(() => campaigns.id, { onDelete: "cascade" }),
  computedAt: timestamp("computed_at", { withTimezone: true }).notNull(),
  figures: jsonb("figures").$type<Record<string, unknown>>().notNull(),
});

/**
 * Rate-limit hits, in the database so limits hold across every instance. Rows older than the
 * longest window are deleted by the maintenance job.
 */
export const rateLimitHits = pgTable(
  "rate_limit_hits",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    key: text("key").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("rate_limit_hits_key_at_idx").on(t.key, t.at), index("rate_limit_hits_at_idx").on(t.at)],
);

export const BLOCK_KINDS = ["ip_range", "email_domain"] as const;
export type BlockKind = (typeof BLOCK_KINDS)[number];

/** Signatures matching a block (an IP range in CIDR form, or an email domain) are silently flagged. */
export const blocklist = pgTable(
  "blocklist",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Null: applies to every organization's campaigns (set by the platform). */
    organizationId: uuid("organization_id").references(() => organizations.id, { onDelete: "cascade" }),
    kind: text("kind").$type<BlockKind>().notNull(),
    value: text("value").notNull(),
    reason: text("reason"),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    check("blocklist_kind_check", inList("kind", BLOCK_KINDS)),
    uniqueIndex("blocklist_unique").on(t.organizationId, t.kind, t.value),
  ],
);

/**
 * Data keys (decision 0027): one random AES-256 key per organization for its supporters' personal
 * data, one for the platform (supporters' addresses, shared by every organization) and one for
 * look-up hashes, each stored only wrapped (AES-256-GCM) by the master key from the environment.
 * Deleting an organization deletes its keys, and with them every value they sealed (crypto-
 * shredding). Retired keys still open what they sealed until `npm run keys -- rotate` re-seals it.
 */
export const DATA_KEY_SCOPES = ["platform", "lookup"] as const;
export const dataKeys = pgTable(
  "data_keys",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    /** "platform", "lookup", or the organization's id. */
    scope: text("scope").notNull(),
    organizationId: uuid("organization_id").references(() => organizations.id, { onDelete: "cascade" }),
    /** base64url(iv ‖ tag ‖ ciphertext) of the key under the master key named by master_key_id. */
    wrapped: text("wrapped").notNull(),
    masterKeyId: text("master_key_id").notNull(),
    createdAt: createdAt(),
    retiredAt: timestamp("retired_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("data_keys_one_current_per_scope").on(t.scope).where(sql`retired_at is null`),
    check("data_keys_scope_check", sql`(${t.organizationId} is null) = (${t.scope} in ('platform', 'lookup'))`),
  ],
);

/** The embedded SMTP sink's mailbox (only used when SMTP_URL is unset). */
export const sinkMessages = pgTable(
  "sink_messages",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
    envelopeFrom: text("envelope_from"),
    envelopeTo: jsonb("envelope_to").$type<string[]>().notNull(),
    subject: text("subject"),
    messageId: text("message_id"),
    headers: jsonb("headers").$type<Record<string, string>>().notNull(),
    text: text("text"),
    html: text("html"),
  },
  (t) => [index("sink_messages_received_idx").on(t.receivedAt)],
);
