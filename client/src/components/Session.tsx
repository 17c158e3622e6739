import { localDrafts } from "../editor/local-drafts";
import { createContext, use, useCallback, useEffect, useMemo, useState, type ReactNode } from "react";
import type { User } from "../../../shared/api/schemas";
import type { Organization } from "../../../shared/organization";
import defaultOrganization from "../../../templates/organization.json";
import { getOrganization, getSession, signOut as endSession } from "../api/endpoints";
import { SIGNED_OUT_EVENT } from "../api/http";
import { SignInAgainDialog } from "./SignInAgainDialog";

interface SessionValue {
  /** undefined while the session is being checked; null when signed out. */
  user: User | null | undefined;
  organization: Organization;
  signedIn: (user: User) => void;
  signOut: () => Promise<void>;
  setOrganization: (organization: Organization) => void;
}

const SessionContext = createContext<SessionValue | null>(null);

/** Holds who is signed in and the organisation profile (letterhead, label, closing mark). */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null | undefined>(undefined);
  const [organization, setOrganization] = useState<Organization>(defaultOrganization);
  // Set during render, before any page below reads its local drafts: each person's are theirs only.
  localDrafts.setOwner(user?.id ?? null);

  useEffect(() => {
    let live = true;
    getSession()
      .then(({ user: current }) => live && setUser(current))
      .catch(() => {
        // 401, or offline on first load: the sign-in page explains any error on submit.
        if (live) setUser(null);
      });
    return () => {
      live = false;
    };
  }, []);

  // The session ended under an open page: sign in again in place (SignInAgainDialog), the page stays.
  const [expired, setExpired] = useState(false);
  useEffect(() => {
    const onSignedOut = () => setExpired(true);
    window.addEventListener(SIGNED_OUT_EVENT, onSignedOut);
    return () => window.removeEventListener(SIGNED_OUT_EVENT, onSignedOut);
  }, []);
  useEffect(() => {
    if (!user) setExpired(false);
  }, [user]);

  useEffect(() => {
    if (!user) return;
    let live = true;
    getOrganization()
      .then((profile) => live && setOrganization(profile))
      .catch(() => {
        // The shipped profile is a correct letterhead until the server answers.
      });
    return () => {
      live = false;
    };
  }, [user]);

  const signOut = useCallback(async () => {
    try {
      await endSession();
    } finally {
      setUser(null);
    }
  }, []);

  const value = useMemo<SessionValue>(
    () => ({ user, organization, signedIn: setUser, signOut, setOrganization }),
    [user, organization, signOut],
  );
  return (
    <SessionContext value={value}>
      {children}
      {expired && user && (
        <SignInAgainDialog
          user={user}
          onSignedIn={(current) => {
            setUser(current);
            setExpired(false);
          }}
        />
      )}
    </SessionContext>
  );
}

export function useSession(): SessionValue {
  const value = use(SessionContext);
  if (!value) throw new Error("useSession fuera de SessionProvider");
  return value;
}

/** The signed-in user; only for components rendered behind the session guard. */
export function useUser(): User {
  const { user } = useSession();
  if (!user) throw new Error("useUser sin sesión");
  return user;
}
