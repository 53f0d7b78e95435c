export async function register() {
  // Runs once per server process at `next start`/`next dev`, never during `next build`.
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { boot } = await import("@/lib/jobs/boot");
    await boot();
  }
}
