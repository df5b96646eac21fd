import { describe, expect, it } from "vitest";
import { findMentionQuery, removeMentionQuery } from "./mentionQuery";

describe("findMentionQuery", () => {
  it("finds an @ at the start and after whitespace, with the text up to the caret", () => {
    expect(findMentionQuery("@src/ma", 7)).toEqual({ start: 0, end: 7, query: "src/ma" });
    expect(findMentionQuery("look at @ma please", 11)).toEqual({ start: 8, end: 11, query: "ma" });
    expect(findMentionQuery("line\n@", 6)).toEqual({ start: 5, end: 6, query: "" });
  });

  it("uses only the text before the caret", () => {
    expect(findMentionQuery("@main.rs", 3)).toEqual({ start: 0, end: 3, query: "ma" });
  });

  it("is closed by a space, and ignores an @ inside a word", () => {
    expect(findMentionQuery("@main.rs ", 9)).toBeNull();
    expect(findMentionQuery("mail me@home", 12)).toBeNull();
    expect(findMentionQuery("no mention", 10)).toBeNull();
    expect(findMentionQuery("", 0)).toBeNull();
  });
});

describe("removeMentionQuery", () => {
  it("takes out the @ and the query and puts the caret where the @ was", () => {
    const text = "explain @mai this";
    const found = findMentionQuery(text, 12);
    expect(found).not.toBeNull();
    if (found === null) return;
    expect(removeMentionQuery(text, found)).toEqual({ text: "explain  this", caret: 8 });
  });
});
