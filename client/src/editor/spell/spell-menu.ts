import type { EditorView } from "@tiptap/pm/view";
import { t } from "../../i18n/es";
import { spellChecker } from "./spell-checker";

let open: { close: () => void } | null = null;

/**
 * The right-click menu on a misspelt word: its corrections (`Ortografía`), each
 * replacing the word through a transaction (so Ctrl+Z undoes it). Plain DOM, as the
 * plugin owns it; Escape, a click elsewhere or scrolling closes it.
 */
export function openSpellMenu(view: EditorView, range: { from: number; to: number }, at: { x: number; y: number }): void {
  open?.close();
  const word = view.state.doc.textBetween(range.from, range.to);
  const menu = document.createElement("div");
  menu.className = "spell-menu";
  menu.setAttribute("role", "menu");
  menu.setAttribute("aria-label", t("spell.menu"));
  menu.style.left = `${Math.min(at.x, window.innerWidth - 220)}px`;
  menu.style.top = `${Math.min(at.y, window.innerHeight - 220)}px`;
  const status = document.createElement("p");
  status.className = "spell-menu-status";
  status.textContent = t("spell.loading");
  menu.appendChild(status);
  document.body.appendChild(menu);

  const close = () => {
    menu.remove();
    document.removeEventListener("mousedown", onOutside, true);
    document.removeEventListener("keydown", onKey, true);
    window.removeEventListener("scroll", close, true);
    if (open?.close === close) open = null;
  };
  const onOutside = (event: MouseEvent) => {
    if (!menu.contains(event.target as Node)) close();
  };
  const onKey = (event: KeyboardEvent) => {
    if (event.key !== "Escape") return;
    event.preventDefault();
    close();
    view.focus();
  };
  document.addEventListener("mousedown", onOutside, true);
  document.addEventListener("keydown", onKey, true);
  window.addEventListener("scroll", close, true);
  open = { close };

  void spellChecker.suggest(word).then((suggestions) => {
    if (!menu.isConnected) return;
    // The word may have been edited meanwhile: only replace it while it is still there.
    if (view.isDestroyed || view.state.doc.textBetween(range.from, Math.min(range.to, view.state.doc.content.size)) !== word) {
      close();
      return;
    }
    status.textContent = suggestions.length === 0 ? t("spell.none") : "";
    if (suggestions.length > 0) status.remove();
    suggestions.forEach((suggestion, index) => {
      const item = document.createElement("button");
      item.type = "button";
      item.className = "spell-menu-item";
      item.setAttribute("role", "menuitem");
      item.textContent = suggestion;
      item.addEventListener("click", () => {
        view.dispatch(view.state.tr.insertText(suggestion, range.from, range.to));
        close();
        view.focus();
      });
      menu.appendChild(item);
      if (index === 0) item.focus();
    });
  });
}
