/**
 * Renders a reply's markdown safely, block by block (see `markdownBlocks.ts`), so a streaming
 * reply re-parses only its last block while the ones above it keep their memoised rendering.
 *
 * Safety: react-markdown builds React elements from a syntax tree and, without a raw-HTML plugin,
 * turns any HTML the model wrote into plain text: `<script>` or `<img onerror=…>` in a reply
 * shows as characters, never as DOM. Links keep react-markdown's URL filter (no `javascript:`).
 * Images become links, so a reply cannot make the webview fetch a URL (a prompt-injected image
 * URL is a classic way to leak a conversation).
 */
import { memo, useState } from "react";
import ReactMarkdown, { type Components, type ExtraProps } from "react-markdown";
import remarkGfm from "remark-gfm";
import { t } from "../../i18n";
import { CopyButton } from "./CopyButton";
import { codeLanguage, rehypeHighlightCode, textOf } from "./highlight";
import { splitMarkdown, type MarkdownSplit } from "./markdownBlocks";

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

/** One piece of Markdown rendered in one pass: a top-level block, re-parsed only when its text changes. */
export const MarkdownBlock = memo(function MarkdownBlock({ text }: { text: string }): React.JSX.Element {
  return (
    <ReactMarkdown remarkPlugins={REMARK_PLUGINS} rehypePlugins={REHYPE_PLUGINS} components={COMPONENTS}>
      {text}
    </ReactMarkdown>
  );
});

/**
 * The text's blocks, cut anew from where the previous text's last block began when the text grew
 * (the split is state adjusted during render, as React recommends for values derived from the
 * previous render's).
 */
function useMarkdownBlocks(text: string): readonly string[] {
  const [split, setSplit] = useState<MarkdownSplit>(() => splitMarkdown(text));
  if (split.text === text) {
    return split.blocks;
  }
  const next = splitMarkdown(text, split);
  setSplit(next);
  return next.blocks;
}

/** Markdown as React elements; re-renders only when the text changes, and then only the blocks that did. */
export const Markdown = memo(function Markdown({ text }: { text: string }): React.JSX.Element {
  const blocks = useMarkdownBlocks(text);
  return (
    <div className="chat-markdown">
      {blocks.map((block, index) => (
        // A growing text only ever adds blocks after the ones it had, so a block's place is its identity.
        <MarkdownBlock key={index} text={block} />
      ))}
    </div>
  );
});
