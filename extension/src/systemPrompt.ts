/**
 * The base of every chat's system prompt; the workspace's rules files and the custom instructions
 * follow it (see rules/systemPromptSource.ts).
 */
export const SYSTEM_PROMPT =
  "You are Roo Code Plus, a helpful assistant inside the VS Code editor. Answer clearly and " +
  "concisely. Use Markdown, and fenced code blocks with a language tag for code.";
