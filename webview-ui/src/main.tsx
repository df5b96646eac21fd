import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { createVsCodeMessenger } from "./utils/vscode";
import "./index.css";

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App messenger={createVsCodeMessenger()} />
    </StrictMode>,
  );
}
