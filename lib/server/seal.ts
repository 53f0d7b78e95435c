import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto";
import { authSecret } from "./env";

/**
 * Seals a small payload for storage we do not want to read in clear (a job row naming an
 * address): AES-256-GCM under a key derived by HKDF from AUTH_SECRET for one named purpose, so
 * a copy of the database alone reveals nothing, and a sealed value for one purpose cannot be
 * opened as another. Format: base64url(iv ‖ tag ‖ ciphertext).
 */
function key(purpose: string): Buffer {
  return Buffer.from(hkdfSync("sha256", authSecret(), "constituent-seal", purpose, 32));
}

export function seal(purpose: string, value: unknown): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(purpose), iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(value), "utf8"), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url");
}

/** The payload, or null when the value was not sealed by us for this purpose (or was altered). */
export function unseal<T>(purpose: string, sealed: string): T | null {
  try {
    const raw = Buffer.from(sealed, "base64url");
    const decipher = createDecipheriv("aes-256-gcm", key(purpose), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return JSON.parse(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8")) as T;
  } catch {
    return null;
  }
}

/** HMAC-SHA256 (hex) of a value under a key derived from AUTH_SECRET for one purpose: a lookup key that names no one. */
export function keyedHash(purpose: string, value: string): string {
  return createHmac("sha256", key(`hash:${purpose}`)).update(value, "utf8").digest("hex");
}
