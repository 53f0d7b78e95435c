import { readFileSync } from "node:fs";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { parse } from "csv-parse/sync";
import type { Db } from "./client";
import {
  campaignContent,
  campaignSources,
  campaignTargets,
  campaigns,
  fsaCandidates,
  letterTemplates,
  memberships,
  offices,
  organizations,
  representatives,
  ridings,
  users,
} from "./schema";

export const DATA_DIR = path.join(process.cwd(), "data");
/** The bundled MP list describes the House as of roughly autumn 2025 (see data/SOURCES.md). */
export const BUNDLED_MP_DATA_AS_OF = "2025-10-01";
export const BUNDLED_MP_SOURCE = "bundled: data/mps_45th_parliament.csv (Open North Represent / House of Commons)";

function readRecords(file: string): Record<string, string>[] {
  return parse(readFileSync(path.join(DATA_DIR, file), "utf8"), { bom: true, columns: (h: string[]) => h.map((c) => c.trim()), skip_empty_lines: true, trim: true });
}

async function insertInChunks<T>(rows: T[], size: number, insert: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

/**
 * Ridings, postal-prefix candidates and (on an empty table) the bundled MPs. Idempotent: ridings
 * and candidates are upserted; MPs are only loaded once, after which the directory import owns them.
 */
export async function seedReferenceData(db: Db): Promise<{ ridings: number; representatives: number; fsas: number }> {
  const mpRecords = readRecords("mps_45th_parliament.csv");
  // The MP file's French riding names are better than the official list's, which often repeats the English.
  const frenchNames = new Map(mpRecords.map((r) => [r.fed_num, r.riding_name_fr]));
  const ridingRows = readRecords("ridings_2023.csv").map((r) => ({
    fedNum: r.fed_num,
    nameEn: r.name_en,
    nameFr: frenchNames.get(r.fed_num) || r.name_fr || r.name_en,
    provinceCode: r.province_code,
    representationOrder: Number(r.rep_order) || 2023,
  }));
  await insertInChunks(ridingRows, 200, (chunk) =>
    db
      .insert(ridings)
      .values(chunk)
      .onConflictDoUpdate({
        target: ridings.fedNum,
        set: {
          nameEn: sql`excluded.name_en`,
          nameFr: sql`excluded.name_fr`,
          provinceCode: sql`excluded.province_code`,
        },
      }),
  );

  const [{ n: existingReps }] = await db.select({ n: sql<number>`count(*)::int` }).from(representatives);
  let insertedReps = 0;
  if (existingReps === 0) {
    const repRows = mpRecords.map((r) => ({
      ridingFedNum: r.fed_num,
      name: r.mp_name,
      firstName: r.first_name || null,
      lastName: r.last_name || null,
      party: r.party || null,
      email: r.email ? r.email.toLowerCase() : null,
      photoUrl: r.photo_url || null,
      honourable: r.title_honourable_jun2025 === "yes",
      current: true,
      asOf: BUNDLED_MP_DATA_AS_OF,
      source: BUNDLED_MP_SOURCE,
    }));
    await insertInChunks(repRows, 200, (chunk) => db.insert(representatives).values(chunk));
    insertedReps = repRows.length;
  }

  const fsaRows = readRecords("fsa_to_fed_2023.csv").map((r) => ({
    fsa: r.fsa,
    fedNum: r.fed_num,
    share: Number(r.area_share),
    rank: Number(r.rank),
  }));
  await insertInChunks(fsaRows, 500, (chunk) =>
    db
      .insert(fsaCandidates)
      .values(chunk)
      .onConflictDoUpdate({
        target: [fsaCandidates.fsa, fsaCandidates.fedNum],
        set: { share: sql`excluded.share`, rank: sql`excluded.rank` },
      }),
  );
  return { ridings: ridingRows.length, representatives: insertedReps, fsas: new Set(fsaRows.map((r) => r.fsa)).size };
}

export const DEMO_ORG_SLUG = "demo-northern-lights";
export const DEMO_CAMPAIGN_SLUG = "drone-sensors-export-oversight";
export const DEMO_ORGANIZER_EMAIL = "organizer@demo.constituent.localhost";
/** Demo members with the other two roles, so each role's view can be tried (and tested). */
export const DEMO_EDITOR_EMAIL = "editor@demo.constituent.localhost";
export const DEMO_VIEWER_EMAIL = "viewer@demo.constituent.localhost";
/** A second, unrelated demo organization: what the first must never see or touch. */
export const DEMO_OTHER_ORG_SLUG = "demo-open-skies";
export const DEMO_OTHER_CAMPAIGN_SLUG = "open-skies-demo-campaign";
export const DEMO_OTHER_OWNER_EMAIL = "owner@open-skies.demo.constituent.localhost";
/** A volunteer in both demo organizations (editor in the first, viewer in the second), to try the organization switcher. */
export const DEMO_MULTI_EMAIL = "volunteer@demo.constituent.localhost";

/** A fictional organization with one published campaign drawn from the story in docs. Idempotent. */
export async function seedDemo(db: Db): Promise<{ created: boolean }> {
  const existing = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.slug, DEMO_ORG_SLUG));
  if (existing.length > 0) return { created: false };

  await db.transaction(async (tx) => {
    const [org] = await tx
      .insert(organizations)
      .values({
        name: "Northern Lights Disarmament Coalition (demo)",
        slug: DEMO_ORG_SLUG,
        contactEmail: "contact@demo.constituent.localhost",
        defaultLocale: "en",
        isDemo: true,
        isPlatformAdmin: true,
      })
      .returning({ id: organizations.id });

    const [organizer] = await tx
      .insert(users)
      .values({ email: DEMO_ORGANIZER_EMAIL, name: "Demo Organizer" })
      .onConflictDoUpdate({ target: users.email, set: { name: sql`excluded.name` } })
      .returning({ id: users.id });
    await tx.insert(memberships).values({ organizationId: org.id, userId: organizer.id, role: "owner" }).onConflictDoNothing();

    const [campaign] = await tx
      .insert(campaigns)
      .values({
        organizationId: org.id,
        slug: DEMO_CAMPAIGN_SLUG,
        status: "published",
        // Armenian carries the campaign's text; its readers write from the English or French letter.
        locales: ["en", "fr", "hy"],
        signatureGoal: 5000,
        publishedAt: new Date(),
        createdBy: organizer.id,
      })
      .returning({ id: campaigns.id });

    await tx.insert(campaignContent).values([
      {
        campaignId: campaign.id,
        locale: "en",
        title: "Canadian sensors, foreign wars: make arms-export permits answerable",
        summary:
          "Made-in-Canada drone targeting sensors, exported to Turkey under permits, turned up in drones used in the Nagorno-Karabakh war. Ottawa cancelled 29 permits in 2021 only after researchers, diaspora groups and MPs pressed it. Ask your MP to make that scrutiny routine.",
        bodyMarkdown: [
          "In 2019 and 2020, **targeting sensors made in Canada** were found on armed drones flown in Syria, Libya and, in the autumn of 2020, in the war over Nagorno-Karabakh.",
          "",
          "The sensors had been exported to Turkey under Canadian export permits. Researchers traced them from open trade data and photographs; diaspora communities documented the harm; MPs asked questions in the House.",
          "",
          "Global Affairs Canada **suspended the permits in October 2020** and **cancelled 29 of them in April 2021**, citing the risk of diversion that the Arms Trade Treaty obliges Canada to prevent.",
          "",
          "## What went wrong",
          "",
          "- Permits were granted without public reasons, and reported only in aggregate, long after the fact.",
          "- Parliament learned of the diversion from researchers and the press, not from the government.",
          "- Nothing requires a review when Canadian technology appears in a conflict.",
          "",
          "## What we ask",
          "",
          "Timely, itemised public reporting of export permits to non-NATO destinations and to countries at war, and an automatic parliamentary review whenever Canadian military technology is credibly reported in a conflict zone.",
        ].join("\n"),
        demand:
          "Require itemised, timely public reporting of military export permits and an automatic parliamentary review when Canadian technology is found in a conflict.",
      },
      {
        campaignId: campaign.id,
        locale: "fr",
        title: "Capteurs canadiens, guerres étrangères : rendre les licences d’exportation d’armes redevables",
        summary:
          "Des capteurs de ciblage fabriqués au Canada, exportés vers la Turquie sous licence, ont été retrouvés sur des drones utilisés dans la guerre du Haut-Karabakh. Ottawa n’a annulé 29 licences en 2021 qu’après les pressions de chercheurs, de communautés de la diaspora et de députés. Demandez à votre député de rendre cet examen systématique.",
        bodyMarkdown: [
          "En 2019 et 2020, des **capteurs de ciblage fabriqués au Canada** ont été retrouvés sur des drones armés utilisés en Syrie, en Libye et, à l’automne 2020, dans la guerre du Haut-Karabakh.",
          "",
          "Ces capteurs avaient été exportés vers la Turquie sous licence canadienne. Des chercheurs les ont retracés grâce aux données commerciales ouvertes et à des photographies ; les communautés de la diaspora ont documenté les dommages ; des députés ont posé des questions à la Chambre.",
          "",
          "Affaires mondiales Canada a **suspendu les licences en octobre 2020** et **en a annulé 29 en avril 2021**, invoquant le risque de détournement que le Traité sur le commerce des armes oblige le Canada à prévenir.",
          "",
          "## Ce qui n’a pas fonctionné",
          "",
          "- Les licences ont été accordées sans motifs publics et déclarées seulement en agrégat, longtemps après.",
          "- Le Parlement a appris le détournement par des chercheurs et la presse, non par le gouvernement.",
          "- Rien n’exige un examen lorsque de la technologie canadienne apparaît dans un conflit.",
          "",
          "## Ce que nous demandons",
          "",
          "Une déclaration publique, détaillée et rapide des licences d’exportation vers les pays hors OTAN et les pays en guerre, et un examen parlementaire automatique chaque fois que de la technologie militaire canadienne est signalée de façon crédible dans une zone de conflit.",
        ].join("\n"),
        demand:
          "Exiger une déclaration publique, détaillée et rapide des licences d’exportation militaires et un examen parlementaire automatique lorsque de la technologie canadienne est retrouvée dans un conflit.",
      },
      {
        // Eastern Armenian, reformed orthography, terms from docs/armenian-glossary.md. Needs a native reviewer before a release.
        campaignId: campaign.id,
        locale: "hy",
        title: "Կանադական սենսորներ, օտար պատերազմներ — զենքի արտահանման թույլտվությունները պետք է լինեն հանրային վերահսկողության ներքո",
        summary:
          "Կանադայում արտադրված և թույլտվություններով Թուրքիա արտահանված թիրախավորման սենսորները հայտնաբերվեցին Լեռնային Ղարաբաղի պատերազմում օգտագործված անօդաչու թռչող սարքերում։ Օտտավան 2021 թվականին չեղարկեց 29 թույլտվություն միայն այն բանից հետո, երբ հետազոտողները, սփյուռքի կազմակերպությունները և պատգամավորները ճնշում գործադրեցին։ Խնդրեք ձեր պատգամավորին, որ նման վերահսկողությունը դառնա կանոն։",
        bodyMarkdown: [
          "2019 և 2020 թվականներին **Կանադայում արտադրված թիրախավորման սենսորներ** հայտնաբերվեցին Սիրիայում, Լիբիայում և 2020 թվականի աշնանը՝ Լեռնային Ղարաբաղի պատերազմում կիրառված հարվածային անօդաչու թռչող սարքերի վրա։",
          "",
          "Սենսորները Թուրքիա էին արտահանվել Կանադայի տրամադրած արտահանման թույլտվություններով։ Հետազոտողները դրանց հետքը գտան բաց առևտրային տվյալների և լուսանկարների միջոցով, սփյուռքի համայնքները փաստագրեցին պատճառված վնասը, իսկ պատգամավորները հարցեր բարձրացրին Համայնքների պալատում։",
          "",
          "Կանադայի միջազգային գործերի նախարարությունը (Global Affairs Canada) **2020 թվականի հոկտեմբերին կասեցրեց թույլտվությունները**, իսկ **2021 թվականի ապրիլին չեղարկեց դրանցից 29-ը**՝ վկայակոչելով զենքը չնախատեսված ստացողների ձեռքն անցնելու վտանգը, որը Զենքի առևտրի մասին պայմանագիրը պարտավորեցնում է Կանադային կանխել։",
          "",
          "## Ինչն էր խնդիրը",
          "",
          "- Թույլտվությունները տրվում էին առանց հրապարակային հիմնավորման, և դրանց մասին հաղորդվում էր միայն ամփոփ թվերով՝ շատ ուշ։",
          "- Խորհրդարանը սենսորների՝ չնախատեսված ձեռքեր անցնելու մասին իմացավ հետազոտողներից և մամուլից, ոչ թե կառավարությունից։",
          "- Ոչինչ չի պարտադրում վերանայում, երբ կանադական տեխնոլոգիան հայտնվում է հակամարտության գոտում։",
          "",
          "## Ինչ ենք պահանջում",
          "",
          "ՆԱՏՕ-ի անդամ չլինող և պատերազմող երկրներին տրվող արտահանման թույլտվությունների մասին ժամանակին և մանրամասն հրապարակային հաշվետվություն, ինչպես նաև խորհրդարանական ինքնաշխատ քննություն ամեն անգամ, երբ հավաստի տեղեկություններ են լինում, որ կանադական ռազմական տեխնոլոգիան հայտնվել է հակամարտության գոտում։",
        ].join("\n"),
        demand:
          "Սահմանել ռազմական արտահանման թույլտվությունների մասին ժամանակին և մանրամասն հրապարակային հաշվետվություն և խորհրդարանական ինքնաշխատ քննություն այն դեպքերում, երբ կանադական տեխնոլոգիա է հայտնաբերվում հակամարտության գոտում։",
      },
    ]);

    await tx.insert(campaignSources).values([
      {
        campaignId: campaign.id,
        happenedOn: "2019-09-17",
        title: "Canada becomes a State Party to the Arms Trade Treaty",
        publisher: "Arms Trade Treaty Secretariat",
        url: "https://thearmstradetreaty.org/",
      },
      {
        campaignId: campaign.id,
        happenedOn: "2020-09-01",
        title: "Research tracing Canadian-made optical sensors on Turkish armed drones",
        publisher: "Project Ploughshares",
        url: "https://www.ploughshares.ca/",
      },
      {
        campaignId: campaign.id,
        happenedOn: "2020-10-05",
        title: "Minister suspends export permits for drone technology to Turkey pending review",
        publisher: "Global Affairs Canada",
        url: "https://www.international.gc.ca/",
      },
      {
        campaignId: campaign.id,
        happenedOn: "2021-04-12",
        title: "Canada cancels 29 export permits to Turkey after review finds diversion risk",
        publisher: "Global Affairs Canada",
        url: "https://www.international.gc.ca/",
      },
    ]);

    await tx.insert(campaignTargets).values({ campaignId: campaign.id, kind: "own_mp" });

    // Letters reach offices in English or French (LETTER_LOCALES): no Armenian template.
    await tx.insert(letterTemplates).values([
      {
        campaignId: campaign.id,
        locale: "en",
        subjects: [
          "Arms-export permits need public scrutiny",
          "A constituent asks: who checks where Canadian weapons technology ends up?",
          "Please support timely reporting of military export permits",
        ],
        personalPrompt: "Tell {{mp_name}} in your own words why this matters to you.",
        body: [
          "{{salutation}}",
          "",
          "I am writing to you as a constituent in {{riding}}.",
          "",
          "{{personal_paragraph}}",
          "",
          "Canadian targeting sensors exported to Turkey under permit were found on drones used in the Nagorno-Karabakh war. The government cancelled 29 permits in 2021, but only after researchers, affected communities and MPs raised the alarm.",
          "",
          "I ask you to support itemised, timely public reporting of military export permits, and an automatic parliamentary review whenever Canadian military technology is credibly reported in a conflict.",
          "",
          "Please let me know what you will do.",
          "",
          "Sincerely,",
          "{{supporter_name}}",
          "{{postal_code}}",
        ].join("\n"),
      },
      {
        campaignId: campaign.id,
        locale: "fr",
        subjects: [
          "Les licences d’exportation d’armes doivent être examinées publiquement",
          "Une électrice, un électeur demande : qui vérifie où aboutit la technologie militaire canadienne ?",
          "Pour une déclaration rapide des licences d’exportation militaires",
        ],
        personalPrompt: "Dites à {{mp_name}}, dans vos mots, pourquoi cet enjeu vous touche.",
        body: [
          "{{salutation}}",
          "",
          "Je vous écris en tant que résidente ou résident de la circonscription de {{riding}}.",
          "",
          "{{personal_paragraph}}",
          "",
          "Des capteurs de ciblage canadiens exportés vers la Turquie sous licence ont été retrouvés sur des drones utilisés dans la guerre du Haut-Karabakh. Le gouvernement a annulé 29 licences en 2021, mais seulement après l’alerte donnée par des chercheurs, des communautés touchées et des députés.",
          "",
          "Je vous demande d’appuyer une déclaration publique, détaillée et rapide des licences d’exportation militaires, et un examen parlementaire automatique chaque fois que de la technologie militaire canadienne est signalée de façon crédible dans un conflit.",
          "",
          "Merci de me faire savoir ce que vous comptez faire.",
          "",
          "Veuillez agréer mes salutations distinguées,",
          "{{supporter_name}}",
          "{{postal_code}}",
        ].join("\n"),
      },
    ]);

    for (const [email, name, role] of [
      [DEMO_EDITOR_EMAIL, "Demo Editor", "editor"],
      [DEMO_VIEWER_EMAIL, "Demo Viewer", "viewer"],
    ] as const) {
      const [u] = await tx
        .insert(users)
        .values({ email, name })
        .onConflictDoUpdate({ target: users.email, set: { name: sql`excluded.name` } })
        .returning({ id: users.id });
      await tx.insert(memberships).values({ organizationId: org.id, userId: u.id, role }).onConflictDoNothing();
    }

    const [other] = await tx
      .insert(organizations)
      .values({
        name: "Open Skies Network (demo)",
        slug: DEMO_OTHER_ORG_SLUG,
        contactEmail: "contact@open-skies.demo.constituent.localhost",
        defaultLocale: "en",
        isDemo: true,
      })
      .returning({ id: organizations.id });
    const [otherOwner] = await tx
      .insert(users)
      .values({ email: DEMO_OTHER_OWNER_EMAIL, name: "Open Skies Owner" })
      .onConflictDoUpdate({ target: users.email, set: { name: sql`excluded.name` } })
      .returning({ id: users.id });
    await tx.insert(memberships).values({ organizationId: other.id, userId: otherOwner.id, role: "owner" }).onConflictDoNothing();
    const [volunteer] = await tx
      .insert(users)
      .values({ email: DEMO_MULTI_EMAIL, name: "Demo Volunteer" })
      .onConflictDoUpdate({ target: users.email, set: { name: sql`excluded.name` } })
      .returning({ id: users.id });
    await tx
      .insert(memberships)
      .values([
        { organizationId: org.id, userId: volunteer.id, role: "editor" },
        { organizationId: other.id, userId: volunteer.id, role: "viewer" },
      ])
      .onConflictDoNothing();
    const [otherCampaign] = await tx
      .insert(campaigns)
      .values({ organizationId: other.id, slug: DEMO_OTHER_CAMPAIGN_SLUG, status: "published", locales: ["en"], publishedAt: new Date(), createdBy: otherOwner.id })
      .returning({ id: campaigns.id });
    await tx.insert(campaignContent).values({
      campaignId: otherCampaign.id,
      locale: "en",
      title: "Publish the annual arms-export report on time",
      summary: "The report to Parliament on military exports keeps arriving months late. Ask your MP to insist on the legal deadline.",
      bodyMarkdown: "Canada's annual report on exports of military goods is how Parliament and the public see where Canadian weapons go. **Ask your MP to insist it arrives on time.**",
      demand: "Table the annual report on exports of military goods by May 31 each year.",
    });
    await tx.insert(campaignTargets).values({ campaignId: otherCampaign.id, kind: "own_mp" });
    await tx.insert(letterTemplates).values({
      campaignId: otherCampaign.id,
      locale: "en",
      subjects: ["Please insist the arms-export report arrives on time"],
      personalPrompt: "Tell {{mp_name}} why this matters to you.",
      body: "Dear {{mp_name}},\n\nAs a constituent in {{riding}}, I ask you to insist that the annual report on exports of military goods is tabled on time.\n\n{{personal_paragraph}}\n\nSincerely,\n{{supporter_name}}",
    });

  });
  return { created: true };
}

/**
 * MPs' offices that chose how letters reach them, and one whose address bounced (decision 0029),
 * so the preferences page, the digest and the directory's bounce badge show on a fresh demo. Kept
 * apart from seedDemo, which tests and benchmarks use: there these offices would hold back letters
 * written to arbitrary MPs. None of these ridings is one the end-to-end stories write to.
 */
export async function seedDemoOffices(db: Db): Promise<void> {
  await db
    .insert(offices)
    .values([
      { email: "doug.eyolfson@parl.gc.ca", delivery: "daily", digestHour: 9, preferencesChangedAt: new Date() },
      { email: "kevin.waugh@parl.gc.ca", delivery: "weekly", digestHour: 16, digestWeekday: 5, preferencesChangedAt: new Date() },
      { email: "grant.jackson@parl.gc.ca", bouncedAt: new Date(), bounceDetail: "5.1.1: demo: recipient address rejected (an example of a bounce)" },
    ])
    .onConflictDoNothing();
}
