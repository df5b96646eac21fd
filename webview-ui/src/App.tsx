/**
 * The sidebar's root: a Chat tab and a Settings tab over one messenger to the extension. It keeps
 * the state the extension sends (see state.ts) and hands each panel what it renders.
 */
import { useEffect, useReducer } from "react";
import type { Tab } from "@shared/protocol";
import { ChatPanel } from "./components/chat/ChatPanel";
import { SettingsPanel } from "./components/settings/SettingsPanel";
import { t } from "./i18n";
import { initialState, reduce, type AppState } from "./state";
import type { Messenger } from "./utils/vscode";

type Action = { kind: "message"; message: Parameters<typeof reduce>[1] } | { kind: "tab"; tab: Tab };

function update(state: AppState, action: Action): AppState {
  return action.kind === "tab" ? { ...state, tab: action.tab } : reduce(state, action.message);
}

export function App({ messenger }: { messenger: Messenger }) {
  const [state, dispatch] = useReducer(update, initialState);

  useEffect(() => {
    const unsubscribe = messenger.subscribe((message) => {
      dispatch({ kind: "message", message });
    });
    messenger.post({ type: "ready" });
    return unsubscribe;
  }, [messenger]);

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
              dispatch({ kind: "tab", tab: name });
            }}
          >
            {t(`common:tabs.${name}`)}
          </button>
        ))}
      </nav>
      <section className="panel" role="tabpanel" aria-label={t(`common:tabs.${state.tab}`)}>
        {state.view === null ? (
          <p>{t("common:loading")}</p>
        ) : state.tab === "chat" ? (
          <ChatPanel chat={state.view.chat} history={state.view.history} rejected={state.rejected} messenger={messenger} />
        ) : (
          <SettingsPanel settings={state.view.settings} defaults={state.view.defaults} messenger={messenger} />
        )}
      </section>
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
