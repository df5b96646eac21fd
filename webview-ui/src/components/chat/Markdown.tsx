/**
 * Renders a reply's markdown safely. react-markdown builds React elements from a syntax tree and,
 * without a raw-HTML plugin, turns any HTML the model wrote into plain text: `<script>` or
 * `<img onerror=…>` in a reply shows as characters, never as DOM. Links keep react-markdown's URL
 * filter (no `javascript:`). Images become links, so a reply cannot make the webview fetch a URL
 * (a prompt-injected image URL is a classic way to leak a conversation).
 */
import { memo } from "react";
import ReactMarkdown, { type Components, type ExtraProps } from "react-markdown";
import remarkGfm from "remark-gfm";
import { t } from "../../i18n";
import { CopyButton } from "./CopyButton";
import { codeLanguage, rehypeHighlightCode, textOf } from "./highlight";

const REMARK_PLUGINS = [remarkGfm];
const REHYPE_PLUGINS = [rehypeHighlightCode];

type PreProps = React.JSX.IntrinsicElements["pre"] & ExtraProps;

/** A fenced code block: its language, a Copy button, and the highlighted code. */
function CodeBlock({ node, children }: PreProps): React.JSX.Element {
  const code = node?.children.find((child) => child.type === "element" && child.tagName === "code");
  const language = code?.type === "element" ? codeLanguage(code) : null;
  const text = node === undefined ? "" : textOf(node).replace(/\n$/, "");
  return (
    <div className="chat-code-block">
      <div className="chat-code-bar">
        <span className="chat-code-language">{language ?? ""}</span>
        <CopyButton text={text} label={language === null ? t("chat:code.copyLabel") : t("chat:code.copyLanguageLabel", { language })} />
      </div>
      <pre>{children}</pre>
    </div>
  );
}

type ImgProps = React.JSX.IntrinsicElements["img"] & ExtraProps;

function ImageLink({ src, alt }: ImgProps): React.JSX.Element {
  const url = typeof src === "string" ? src : "";
  const label = alt !== undefined && alt !== "" ? alt : url;
  return url === "" ? (
    <span>{label}</span>
  ) : (
    <a href={url} title={url}>
      {t("chat:image", { label })}
    </a>
  );
}

type AnchorProps = React.JSX.IntrinsicElements["a"] & ExtraProps;

function Link({ href, children }: AnchorProps): React.JSX.Element {
  return (
    <a href={href} title={href}>
      {children}
    </a>
  );
}

const COMPONENTS: Components = { pre: CodeBlock, img: ImageLink, a: Link };

/** Markdown as React elements; re-renders only when the text changes. */
export const Markdown = memo(function Markdown({ text }: { text: string }): React.JSX.Element {
  return (
    <div className="chat-markdown">
      <ReactMarkdown remarkPlugins={REMARK_PLUGINS} rehypePlugins={REHYPE_PLUGINS} components={COMPONENTS}>
        {text}
      </ReactMarkdown>
    </div>
  );
});
