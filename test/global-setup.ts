import { openDatabase } from "@/db/client";
import { buildTemplate, TEMPLATE_DB } from "./db";
import { TEST_ENV } from "./env";

/** On PostgreSQL, builds the template database once per run; each test file clones it. */
export default async function setup() {
  // The template's keys are wrapped by the tests' master key (the workers get TEST_ENV from the config).
  Object.assign(process.env, TEST_ENV);
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return;
  const { Client } = await import("pg");
  const admin = new Client({ connectionString: url });
  await admin.connect();
  await admin.query(`drop database if exists ${TEMPLATE_DB} with (force)`);
  await admin.query(`create database ${TEMPLATE_DB}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${TEMPLATE_DB}`;
  const handle = await openDatabase({ databaseUrl: u.toString(), poolMax: 2 });
  await buildTemplate(handle);
  await handle.close();
}
