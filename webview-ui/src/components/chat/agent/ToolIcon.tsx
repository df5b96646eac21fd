/**
 * A small glyph per tool before a call's label (decorative: the label says what the call does).
 * Text glyphs in the text colour, since the webview loads no icon font.
 */
const GLYPHS: Readonly<Record<string, string>> = {
  read_file: "▤",
  list_files: "☰",
  search_files: "⌕",
  write_to_file: "✚",
  apply_diff: "✎",
  execute_command: "❯",
  ask_followup_question: "?",
  attempt_completion: "✓",
};

export function ToolIcon({ tool }: { tool: string }): React.JSX.Element {
  return (
    <span className="agent-tool-icon" aria-hidden="true">
      {Object.hasOwn(GLYPHS, tool) ? GLYPHS[tool] : "•"}
    </span>
  );
}
