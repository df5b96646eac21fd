/**
 * Markdown that tests the block splitter: the shapes replies usually have, and the constructs
 * that must not be cut (loose lists, fences with blank lines, indented fences under list items,
 * raw HTML spanning blank lines, definitions used above them).
 */
export const MARKDOWN_SAMPLES: Readonly<Record<string, string>> = {
  paragraphs: "First paragraph with **bold**.\n\nSecond, with `code` and a [link](https://example.com).\n\nThird.",
  headingsAndFences:
    "# Title\n\nIntro text.\n\n```ts\nconst a = 1;\n\nconst b = 2;\n```\n\n## Next\n\n~~~\nplain\n\n~~~ not a close\n~~~\n\nAfter.",
  looseList: "Items:\n\n- one\n\n- two\n\n  still two\n\n- three\n\nAfter the list.",
  orderedList: "1. first\n\n2. second\n\n10. tenth\n\nDone.",
  listWithFence:
    "1. Install:\n\n   ```bash\n   npm install\n\n   npm test\n   ```\n\n2. Run it.\n\nThat is all.",
  indentedFenceThenColumnZero: "- item\n\n  ```\n  code\n\nnot code any more\n\n  ```\n\nTail paragraph.",
  topLevelIndentedFence: "  ```\nstill code\n\nmore code\n  ```\n\nAfter.",
  blockQuotes: "> quoted\n\n> another quote\n\nplain\n\n> third",
  table: "| a | b |\n|---|---|\n| 1 | 2 |\n\nBelow the table.\n\n| c |\n|---|\n| 3 |",
  htmlBlock: "Before.\n\n<pre>\nraw\n\nstill raw\n</pre>\n\nAfter <b>inline</b>.\n\nEnd.",
  htmlComment: "Text.\n\n<!-- a comment\n\nspanning lines -->\n\nMore.",
  autolink: "See:\n\n<https://example.com/docs>\n\nThen more text.",
  definitions: "Use [the docs][docs] and a footnote[^1].\n\nMore text.\n\n[docs]: https://example.com\n\n[^1]: The note.",
  indentedCode: "Code:\n\n    indented code\n\n    more indented\n\nAfter.",
  thematicBreaks: "Above\n\n---\n\n***\n\nBelow\n___\n\nEnd",
  setextAndLazy: "Heading\n=======\n\n> lazy\ncontinuation\n\nText",
  unclosedFence: "Intro.\n\n```python\ndef f():\n\n    return 1\n",
  leadingBlankLines: "\n\n\nHello.\n\nWorld.",
  tabs: "Para\n\n\tindented by a tab\n\nPara two\n\n-\ttab list\n\nEnd",
  backtickInfo: "Text\n\n```a`b\n\nNot a fence above.",
};
