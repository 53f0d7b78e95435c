"use client";

import { useEffect, useState } from "react";

/**
 * "Copy" for a value shown on the page beside it: shown only once JavaScript runs and the browser
 * has a clipboard (without it, the value is there to select). `label` names what is copied.
 */
export function CopyButton({ value, text, copiedText, label }: { value: string; text: string; copiedText: string; label?: string }) {
  const [ready, setReady] = useState(false);
  const [copied, setCopied] = useState(false);
  useEffect(() => setReady(typeof navigator !== "undefined" && !!navigator.clipboard), []);
  if (!ready) return null;
  return (
    <>
      <button
        type="button"
        className="secondary"
        aria-label={label}
        onClick={async () => {
          await navigator.clipboard.writeText(value);
          setCopied(true);
        }}
      >
        {text}
      </button>
      <span role="status" className="hint">
        {copied ? copiedText : ""}
      </span>
    </>
  );
}
