/**
 * Syntax highlighting for code blocks in replies: a rehype plugin over a lowlight instance with a
 * limited set of languages (each highlight.js grammar adds to the webview's bundle). lowlight
 * returns a syntax tree of `<span class="hljs-…">` and text, never HTML strings, so highlighting
 * cannot inject markup. A fence in a language outside the set stays plain text.
 */
import type { Element, ElementContent, Root, RootContent } from "hast";
import bash from "highlight.js/lib/languages/bash";
import c from "highlight.js/lib/languages/c";
import cpp from "highlight.js/lib/languages/cpp";
import csharp from "highlight.js/lib/languages/csharp";
import css from "highlight.js/lib/languages/css";
import diff from "highlight.js/lib/languages/diff";
import go from "highlight.js/lib/languages/go";
import java from "highlight.js/lib/languages/java";
import javascript from "highlight.js/lib/languages/javascript";
import json from "highlight.js/lib/languages/json";
import markdown from "highlight.js/lib/languages/markdown";
import python from "highlight.js/lib/languages/python";
import rust from "highlight.js/lib/languages/rust";
import shell from "highlight.js/lib/languages/shell";
import sql from "highlight.js/lib/languages/sql";
import typescript from "highlight.js/lib/languages/typescript";
import xml from "highlight.js/lib/languages/xml";
import yaml from "highlight.js/lib/languages/yaml";
import { createLowlight } from "lowlight";

// Aliases (js, ts, py, sh, rs, yml, html, …) come with each grammar.
const lowlight = createLowlight({
  bash,
  c,
  cpp,
  csharp,
  css,
  diff,
  go,
  java,
  javascript,
  json,
  markdown,
  python,
  rust,
  shell,
  sql,
  typescript,
  xml,
  yaml,
});

const LANGUAGE_CLASS = /^language-(.+)$/;

/** The language a fence named (` ```ts ` gives `ts`), from the `code` element's classes. */
export function codeLanguage(code: Element): string | null {
  const classes = code.properties.className;
  if (!Array.isArray(classes)) {
    return null;
  }
  for (const name of classes) {
    const match = LANGUAGE_CLASS.exec(name);
    if (match?.[1] !== undefined) {
      return match[1];
    }
  }
  return null;
}

/** The text inside a node, highlighted or not: what Copy puts on the clipboard. */
export function textOf(node: Root | RootContent): string {
  if (node.type === "text") {
    return node.value;
  }
  if (node.type === "element" || node.type === "root") {
    return node.children.map(textOf).join("");
  }
  return "";
}

function isElementContent(node: RootContent): node is ElementContent {
  return node.type !== "doctype";
}

function highlightCode(code: Element): void {
  const language = codeLanguage(code);
  if (language === null || !lowlight.registered(language)) {
    return;
  }
  const tree = lowlight.highlight(language, textOf(code));
  code.children = tree.children.filter(isElementContent);
  const classes = Array.isArray(code.properties.className) ? code.properties.className : [];
  code.properties.className = [...classes, "hljs"];
}

function visit(node: Root | Element): void {
  for (const child of node.children) {
    if (child.type !== "element") {
      continue;
    }
    if (child.tagName === "pre") {
      for (const code of child.children) {
        if (code.type === "element" && code.tagName === "code") {
          highlightCode(code);
        }
      }
    } else {
      visit(child);
    }
  }
}

/** The rehype plugin: highlights every `<pre><code class="language-…">` in place. */
export function rehypeHighlightCode() {
  return (tree: Root): undefined => {
    visit(tree);
  };
}
