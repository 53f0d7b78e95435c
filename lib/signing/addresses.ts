import { sql } from "drizzle-orm";
import { signatures, supporters } from "@/db/schema";

/**
 * A signature's email address in queries that join `supporters`: the one typed for this signature,
 * else (rows from before migration 0003) the supporter's.
 */
export const signatureEmailSql = sql<string>`coalesce(${signatures.email}, ${supporters.email})`;
