/**
 * The few icons the chat draws, as inline SVG in the text colour (codicons are a font the webview
 * does not load). Decorative: the buttons that hold them carry the accessible names.
 */
export function TrashIcon(): React.JSX.Element {
  return (
    <svg className="chat-icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
      <path
        fill="currentColor"
        d="M6 2h4a1 1 0 0 1 1 1v1h3v1h-1v8.5A1.5 1.5 0 0 1 11.5 15h-7A1.5 1.5 0 0 1 3 13.5V5H2V4h3V3a1 1 0 0 1 1-1Zm0 2h4V3H6v1ZM4 5v8.5a.5.5 0 0 0 .5.5h7a.5.5 0 0 0 .5-.5V5H4Zm2 2h1v5H6V7Zm3 0h1v5H9V7Z"
      />
    </svg>
  );
}
