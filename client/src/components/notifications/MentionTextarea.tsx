import { useId, useLayoutEffect, useRef, useState, type KeyboardEvent, type RefObject } from "react";
import type { Person } from "../../api/notification-types";
import { t } from "../../i18n/es";
import { useUser } from "../Session";
import { insertMention, matchPeople, mentionAt } from "./mentions";
import { usePeople } from "./people";

/**
 * A comment box where `@` and a few letters offer the office's people in a listbox
 * (arrows, Enter or Tab to choose, Escape to close). Choosing inserts `@Nombre` and
 * reports the person (`onMention`); the caller sends the ids still named in the text.
 */
export function MentionTextarea({ label, value, onChange, onMention, textareaRef, rows, autoFocus }: {
  /** The box's label (`Comentario`, `Respuesta`): the listbox stays outside it, so the name stays that. */
  label: string;
  value: string;
  onChange: (value: string) => void;
  onMention: (person: Person) => void;
  textareaRef?: RefObject<HTMLTextAreaElement | null>;
  rows?: number;
  autoFocus?: boolean;
}) {
  const user = useUser();
  const { data: people } = usePeople();
  const ownRef = useRef<HTMLTextAreaElement | null>(null);
  const ref = textareaRef ?? ownRef;
  const listId = useId();
  const [caret, setCaret] = useState<number | null>(null);
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState<number | null>(null);
  /** Where the caret goes once the inserted mention is on screen: set before the next key is handled. */
  const pendingCaret = useRef<number | null>(null);

  useLayoutEffect(() => {
    const at = pendingCaret.current;
    if (at === null || !ref.current) return;
    pendingCaret.current = null;
    ref.current.focus();
    ref.current.setSelectionRange(at, at);
  }, [value, ref]);

  const typing = caret === null ? null : mentionAt(value, caret);
  const options = typing && dismissed !== typing.start ? matchPeople((people ?? []).filter((person) => person.id !== user.id), typing.query) : [];
  const open = options.length > 0;
  const current = Math.min(active, options.length - 1);

  function track(element: HTMLTextAreaElement) {
    setCaret(element.selectionStart === element.selectionEnd ? element.selectionStart : null);
  }

  function choose(person: Person) {
    if (!typing || caret === null) return;
    const next = insertMention(value, typing.start, caret, person.name);
    onChange(next.text);
    onMention(person);
    setCaret(next.caret);
    setActive(0);
    pendingCaret.current = next.caret;
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (!open || !typing) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      setActive((current + step + options.length) % options.length);
    } else if (event.key === "Enter" || event.key === "Tab") {
      const person = options[current];
      if (!person) return;
      event.preventDefault();
      choose(person);
    } else if (event.key === "Escape") {
      // Closes the list only, not the dialog or form around it.
      event.preventDefault();
      event.stopPropagation();
      setDismissed(typing.start);
    }
  }

  const optionId = (index: number) => `${listId}-${index}`;

  return (
    <div className="field mention-box">
      <label htmlFor={`${listId}-caja`}>{label}</label>
      <textarea
        id={`${listId}-caja`}
        ref={ref}
        rows={rows}
        value={value}
        autoFocus={autoFocus}
        aria-autocomplete="list"
        aria-controls={open ? listId : undefined}
        aria-activedescendant={open ? optionId(current) : undefined}
        aria-describedby={`${listId}-ayuda`}
        onChange={(event) => {
          onChange(event.target.value);
          track(event.target);
          setActive(0);
        }}
        onSelect={(event) => track(event.currentTarget)}
        onKeyDown={onKeyDown}
        onBlur={() => setCaret(null)}
      />
      <span id={`${listId}-ayuda`} className="visually-hidden">
        {t("mentions.hint")}
      </span>
      {open && (
        <ul id={listId} role="listbox" className="mention-list" aria-label={t("mentions.label")}>
          {options.map((person, index) => (
            <li
              key={person.id}
              id={optionId(index)}
              role="option"
              aria-selected={index === current}
              // Chosen on pointer-down, before the textarea loses focus and the list closes.
              onMouseDown={(event) => {
                event.preventDefault();
                choose(person);
              }}
            >
              {person.name}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
