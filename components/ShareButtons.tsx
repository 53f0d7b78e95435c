"use client";

import { useEffect, useState } from "react";

/** Copy-link and the native share sheet: only shown once JavaScript runs and the browser has them. */
export function ShareButtons({ url, title, copyLabel, copiedLabel, nativeLabel }: { url: string; title: string; copyLabel: string; copiedLabel: string; nativeLabel: string }) {
  const [ready, setReady] = useState({ copy: false, native: false });
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    setReady({ copy: typeof navigator !== "undefined" && !!navigator.clipboard, native: typeof navigator !== "undefined" && typeof navigator.share === "function" });
  }, []);
  return (
    <>
      {ready.copy ? (
        <button
          type="button"
          className="secondary"
          onClick={async () => {
            await navigator.clipboard.writeText(url);
            setCopied(true);
          }}
        >
          {copyLabel}
        </button>
      ) : null}
      {ready.native ? (
        <button type="button" className="secondary" onClick={() => navigator.share({ title, url }).catch(() => undefined)}>
          {nativeLabel}
        </button>
      ) : null}
      <span role="status" className="hint">
        {copied ? copiedLabel : ""}
      </span>
    </>
  );
}
