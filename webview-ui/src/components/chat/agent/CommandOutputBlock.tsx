/**
 * A command's output in monospace, scrollable when long, following the newest line while it
 * grows (unless the reader scrolled up). Says so when older output was dropped.
 */
import { useEffect, useRef } from "react";
import { t } from "../../../i18n";

export function CommandOutputBlock(props: { text: string; truncated: boolean; testId: string }): React.JSX.Element {
  const block = useRef<HTMLPreElement>(null);
  const followed = useRef(true);

  useEffect(() => {
    const element = block.current;
    if (element !== null && followed.current) {
      element.scrollTop = element.scrollHeight;
    }
  }, [props.text]);

  return (
    <div className="agent-output">
      {props.truncated ? <p className="chat-muted agent-output-note">{t("agent:tool.outputTruncated")}</p> : null}
      <pre
        ref={block}
        className="agent-output-text"
        data-testid={props.testId}
        tabIndex={0}
        aria-label={t("agent:tool.output")}
        onScroll={(event) => {
          const element = event.currentTarget;
          followed.current = element.scrollHeight - element.scrollTop - element.clientHeight < 8;
        }}
      >
        {props.text}
      </pre>
    </div>
  );
}
