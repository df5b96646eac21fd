/**
 * The sidebar's root: a Chat tab and a Settings tab over one messenger to the extension.
 */
import { useEffect, useState } from "react";
import type { BackendInfo } from "@shared/generated/types";
import type { Messenger } from "./utils/vscode";
import { t } from "./i18n";

type BackendState =
  | { status: "loading" }
  | { status: "ready"; info: BackendInfo }
  | { status: "unavailable"; message: string };

type Tab = "chat" | "settings";

export function App({ messenger }: { messenger: Messenger }) {
  const [backend, setBackend] = useState<BackendState>({ status: "loading" });
  const [tab, setTab] = useState<Tab>("chat");

  useEffect(() => {
    const unsubscribe = messenger.subscribe((message) => {
      switch (message.type) {
        case "backendInfo":
          setBackend({ status: "ready", info: message.info });
          return;
        case "backendUnavailable":
          setBackend({ status: "unavailable", message: message.message });
          return;
      }
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
            aria-selected={tab === name}
            className={tab === name ? "tab active" : "tab"}
            onClick={() => setTab(name)}
          >
            {t(`common:tabs.${name}`)}
          </button>
        ))}
      </nav>
      <section role="tabpanel" aria-label={t(`common:tabs.${tab}`)}>
        {tab === "chat" ? <p>{t("chat:empty")}</p> : <p>{t("settings:placeholder")}</p>}
      </section>
      <footer className="backend-status" data-testid="backend-status">
        <BackendStatus state={backend} />
      </footer>
    </main>
  );
}

function BackendStatus({ state }: { state: BackendState }) {
  switch (state.status) {
    case "loading":
      return <span>{t("common:backend.loading")}</span>;
    case "ready":
      return (
        <span>
          {t("common:backend.ready", { version: state.info.version, providers: state.info.providers.join(", ") })}
        </span>
      );
    case "unavailable":
      return <span role="alert">{state.message}</span>;
  }
}
