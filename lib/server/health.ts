import { sql } from "drizzle-orm";
import { getDbHandle } from "./db";
import { isMailSink } from "./env";

export async function checkHealth(): Promise<{ ok: boolean; database: string; mail: "sink" | "relay"; error?: string }> {
  const mail = isMailSink() ? "sink" : "relay";
  try {
    const h = await getDbHandle();
    await Promise.race([
      h.db.execute(sql`select 1`),
      new Promise((_, reject) => setTimeout(() => reject(new Error("database did not answer within 3 s")), 3000)),
    ]);
    return { ok: true, database: h.kind, mail };
  } catch (err) {
    return { ok: false, database: "unreachable", mail, error: err instanceof Error ? err.message : "error" };
  }
}
