import { useState } from "react";
import { savePreferences } from "../../api/endpoints";
import { ApiError } from "../../api/http";
import { t } from "../../i18n/es";
import { useUser } from "../Session";

/**
 * The user's `Recibir avisos por correo`, kept by the always-mounted bell (its panel comes and goes).
 * On by default: the session's `emailNotifications` when it carries one, else what was last chosen.
 */
export function useEmailPreference(): [boolean, (value: boolean) => void] {
  const user = useUser() as { emailNotifications?: boolean };
  const [value, setValue] = useState(user.emailNotifications ?? true);
  return [value, setValue];
}

/** `Recibir avisos por correo`, saved at once with PUT /api/session/preferences. */
export function EmailPreference({ checked, onSaved }: { checked: boolean; onSaved: (value: boolean) => void }) {
  const [pending, setPending] = useState<boolean | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  async function onChange(next: boolean) {
    setPending(next);
    setFailure(null);
    try {
      const saved = await savePreferences({ emailNotifications: next });
      onSaved(saved.emailNotifications);
    } catch (caught) {
      setFailure(caught instanceof ApiError ? caught.message : t("errors.unexpected"));
    } finally {
      setPending(null);
    }
  }

  return (
    <div className="preference-toggle">
      <label>
        <input type="checkbox" checked={pending ?? checked} disabled={pending !== null} onChange={(event) => void onChange(event.target.checked)} />{" "}
        {t("preferences.email")}
      </label>
      {failure && (
        <p className="form-error" role="alert">
          {failure}
        </p>
      )}
    </div>
  );
}
