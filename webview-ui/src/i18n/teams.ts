/**
 * The strings of the team features (issue 16): the Settings tab's Team section and the chat
 * footer's budget, under the `teams:` namespace, apart from `en.ts` so the two grow separately.
 */
export const teams = {
  title: "Team",
  intro: "What a team's LiteLLM proxy asks for: prompt caching, the reasoning effort, your gateway's headers and the company CA.",
  promptCaching: "Prompt caching",
  promptCachingHelp: "Marks the system prompt and the last two messages for caching on models that support it; cached input is billed at the cheaper cache price.",
  reasoningEffort: "Reasoning effort",
  reasoningEffortHelp: "Sent to models that reason, as the proxy reports them.",
  effort: { default: "Model default", minimal: "Minimal", low: "Low", medium: "Medium", high: "High" },
  keyHeader: "Send the key as x-litellm-api-key",
  keyHeaderHelp: "For a gateway in front of the proxy that uses the Authorization header itself.",
  caBundlePath: "Company CA bundle (PEM file)",
  caBundlePathHelp: "Trusted for the proxy's HTTPS certificate, beside NODE_EXTRA_CA_CERTS.",
  headers: "Custom headers",
  headersHelp: "Sent with every request to the proxy. Values that look like secrets are kept in VS Code's secret storage.",
  headerName: "Header name {{index}}",
  headerValue: "Header value {{index}}",
  secretStored: "Stored securely; type to replace",
  secretMissing: "Stored securely; no value yet",
  removeHeader: "Remove header {{index}}",
  addHeader: "Add header",
  save: "Save team settings",
  session: {
    toggle: "Session",
    label: "Session id",
    copy: "Copy session id",
    help: "Every request of this chat sends it to LiteLLM as litellm_session_id, so the proxy's spend logs group them.",
  },
  budget: {
    title: "Key budget",
    spent: "{{spent}} spent of {{budget}}",
    left: "{{left}} left",
    resets: "Resets {{when}}",
    expires: "Key expires {{when}}",
    runningOut: "Over 80% of the key's budget is spent.",
    exhausted: "The key's budget is spent: the proxy refuses requests until it resets.",
    footer: "Budget: {{left}} left",
  },
} as const;
