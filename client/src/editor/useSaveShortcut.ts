import { useEffect, useRef } from "react";

/**
 * Ctrl+S / Cmd+S on the page saves now through `saveNow` (the saver's flush) instead of
 * opening the browser's "save page" dialog, wherever the focus is. `saveNow` is read at
 * key time, so the caller may pass a new function on every render.
 */
export function useSaveShortcut(saveNow: () => unknown): void {
  const saveNowRef = useRef(saveNow);
  saveNowRef.current = saveNow;
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
      if (event.key.toLowerCase() !== "s" && event.code !== "KeyS") return;
      event.preventDefault();
      if (!event.repeat) void saveNowRef.current();
    };
    // Capture: before any field or dialog stops the event.
    window.addEventListener("keydown", onKeyDown, { capture: true });
    return () => window.removeEventListener("keydown", onKeyDown, { capture: true });
  }, []);
}
