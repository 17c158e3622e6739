import { lazy, Suspense, type ReactNode } from "react";
import { Navigate, Route, Routes, useLocation } from "react-router";
import { Layout } from "./components/Layout";
import { SessionProvider, useSession } from "./components/Session";
import { t } from "./i18n/es";
import { LoginPage } from "./pages/LoginPage";

// Each screen is its own chunk: the editor's Tiptap code loads only on the editor route.
const BulletinsPage = lazy(() => import("./pages/BulletinsPage"));
const BulletinPage = lazy(() => import("./pages/BulletinPage"));
const ArchivePage = lazy(() => import("./pages/ArchivePage"));
const ArchiveBulletinPage = lazy(() => import("./pages/ArchiveBulletinPage"));
const AdminPage = lazy(() => import("./pages/AdminPage"));
const MediaPage = lazy(() => import("./pages/MediaPage"));
const ImportPage = lazy(() => import("./pages/ImportPage"));
const ImportReviewPage = lazy(() => import("./pages/ImportReviewPage"));

function Loading() {
  return (
    <p className="loading" role="status">
      {t("app.loading")}
    </p>
  );
}

function RequireSession({ children }: { children: ReactNode }) {
  const { user } = useSession();
  const location = useLocation();
  if (user === undefined) return <Loading />;
  if (user === null) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/entrar?siguiente=${encodeURIComponent(next)}`} replace />;
  }
  return <Layout>{children}</Layout>;
}

function NotFound() {
  return (
    <section className="page">
      <p>{t("app.notFound")}</p>
      <a href="/boletines">{t("app.backHome")}</a>
    </section>
  );
}

function Guarded({ children }: { children: ReactNode }) {
  return (
    <RequireSession>
      <Suspense fallback={<Loading />}>{children}</Suspense>
    </RequireSession>
  );
}

export function App() {
  return (
    <SessionProvider>
      <Routes>
        <Route path="/entrar" element={<LoginPage />} />
        <Route path="/" element={<Navigate to="/boletines" replace />} />
        <Route path="/boletines" element={<Guarded><BulletinsPage /></Guarded>} />
        <Route path="/boletines/:id" element={<Guarded><BulletinPage /></Guarded>} />
        <Route path="/archivo" element={<Guarded><ArchivePage /></Guarded>} />
        <Route path="/archivo/:id" element={<Guarded><ArchiveBulletinPage /></Guarded>} />
        <Route path="/administracion" element={<Guarded><AdminPage /></Guarded>} />
        <Route path="/medios" element={<Guarded><MediaPage /></Guarded>} />
        <Route path="/importar" element={<Guarded><ImportPage /></Guarded>} />
        <Route path="/importar/:id" element={<Guarded><ImportReviewPage /></Guarded>} />
        <Route path="*" element={<Guarded><NotFound /></Guarded>} />
      </Routes>
    </SessionProvider>
  );
}
