/**
 * The sidebar's root: a Chat tab and a Settings tab over one messenger to the extension. It keeps
 * the state the extension sends (see state.ts) and hands each panel what it renders.
 */
import { useCallback, useEffect, useReducer } from "react";
import { ChatPanel } from "./components/chat/ChatPanel";
import { SettingsPanel } from "./components/settings/SettingsPanel";
import { t } from "./i18n";
import { initialState, reduce, type AppState, type Refusal } from "./state";
import type { Messenger } from "./utils/vscode";

export function App({ messenger }: { messenger: Messenger }) {
  const [state, dispatch] = useReducer(reduce, initialState);

  useEffect(() => {
    const unsubscribe = messenger.subscribe((event) => {
      dispatch({ kind: "event", event });
    });
    messenger.notify({ type: "ready" });
    return unsubscribe;
  }, [messenger]);

  // Kept here, not in the chat panel, so a refused text survives switching tabs.
  const onRefused = useCallback((refusal: Refusal) => {
    dispatch({ kind: "refused", refusal });
  }, []);

  return (
    <main className="app">
      <nav className="tabs" role="tablist">
        {(["chat", "settings"] as const).map((name) => (
          <button
            key={name}
            role="tab"
            aria-selected={state.tab === name}
            className={state.tab === name ? "tab active" : "tab"}
            onClick={() => {
              dispatch({ kind: "selectTab", tab: name });
            }}
          >
            {t(`common:tabs.${name}`)}
          </button>
        ))}
      </nav>
      {state.view === null ? (
        <section className="panel" role="tabpanel" aria-label={t(`common:tabs.${state.tab}`)}>
          <p>{t("common:loading")}</p>
        </section>
      ) : (
        <>
          {/* The chat stays mounted behind Settings: the draft, its chips and images survive the visit. */}
          <section className="panel" role="tabpanel" aria-label={t("common:tabs.chat")} hidden={state.tab !== "chat"}>
            <ChatPanel
              chat={state.view.chat}
              history={state.view.history}
              rejected={state.rejected}
              onRefused={onRefused}
              commandOutput={state.commandOutput}
              messenger={messenger}
            />
          </section>
          {state.tab === "settings" ? (
            <section className="panel" role="tabpanel" aria-label={t("common:tabs.settings")}>
              <SettingsPanel settings={state.view.settings} defaults={state.view.defaults} messenger={messenger} />
            </section>
          ) : null}
        </>
      )}
      <footer className="backend-status" data-testid="backend-status">
        <BackendStatus backend={state.backend} />
      </footer>
    </main>
  );
}

function BackendStatus({ backend }: { backend: AppState["backend"] }) {
  switch (backend.status) {
    case "loading":
      return <span>{t("common:backend.loading")}</span>;
    case "ready":
      return <span>{t("common:backend.ready", { version: backend.version })}</span>;
    case "unavailable":
      return <span role="alert">{backend.message}</span>;
  }
}
