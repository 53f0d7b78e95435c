import { refreshDashboardSnapshots } from "@/lib/organizer/dashboard";
import { log } from "@/lib/server/log";

/**
 * Every 15 s, each worker recomputes the dashboard snapshots of large campaigns with activity that
 * are over 40 s old (refreshDashboardSnapshots), so an organizer's read finds figures under a
 * minute old instead of counting a million signatures. A quiet database costs one small query per
 * tick: on PGlite, which runs everything on one thread, nothing else is touched.
 */
const REFRESH_EVERY_MS = 15_000;

type State = { every?: NodeJS.Timeout; running?: boolean };
const state: State = ((globalThis as Record<string, unknown>).__constituentDashboardRefresh ??= {}) as State;

async function tick(): Promise<void> {
  // A slow tick (a large campaign on a busy database) is never overlapped by the next one.
  if (state.running) return;
  state.running = true;
  try {
    const r = await refreshDashboardSnapshots();
    if (r.refreshed > 0) log.debug("dashboard.refreshed", r);
  } catch (err) {
    log.error("dashboard.refresh_failed", { error: err });
  } finally {
    state.running = false;
  }
}

/** Starts the timer (idempotent); it never keeps the process alive. */
export function startDashboardRefresh(): void {
  if (state.every) return;
  state.every = setInterval(tick, REFRESH_EVERY_MS).unref();
}

export function stopDashboardRefresh(): void {
  clearInterval(state.every);
  state.every = undefined;
}
