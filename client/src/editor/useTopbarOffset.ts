import { useEffect } from "react";

/**
 * Keeps `--topbar-height` on the document at the height of the editor's sticky top bar
 * (0 when it does not stick), so the body's toolbar and find bar stick right under it
 * however many rows the bar wraps to, instead of hiding behind it.
 */
export function useTopbarOffset(): void {
  useEffect(() => {
    const bar = document.querySelector<HTMLElement>(".editor-topbar");
    if (!bar) return;
    const root = document.documentElement;
    const measure = () => {
      const sticky = getComputedStyle(bar).position === "sticky";
      root.style.setProperty("--topbar-height", `${sticky ? Math.ceil(bar.getBoundingClientRect().height) : 0}px`);
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(bar);
    window.addEventListener("resize", measure);
    return () => {
      observer.disconnect();
      window.removeEventListener("resize", measure);
      root.style.removeProperty("--topbar-height");
    };
  }, []);
}
