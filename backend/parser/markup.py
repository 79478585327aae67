"""HTML and markdown pasted from a wiki or a character sheet, taken off before reading (reader._read).

Entities ("&amp;", "&quot;", "&#39;") are decoded; tags of HTML's common text elements are removed, a block tag
("<p>", "<br>", "<li>", "<div>", "<h2>") as a line break (it separates what it holds, as a sheet's line does), an
inline one ("<em>", "<b>", "<span>") as nothing; markdown emphasis ("**Name:**", "_red_") keeps its words; a markdown
heading line ("# Hero", "## Look") is a label, not description, and is left out with the heading named.  One warning
says what was removed.  Before, "&quot;red&quot; hair" read no colour and left "quot" phrases, and "<em>white</em>
beard" left "em>white</em" as a phrase.  Only known tag names are tags: "a face <3" and "<grin>" stay text.
"""
from __future__ import annotations

import html
import re

_BLOCK = ("p", "br", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "table",
          "blockquote", "hr", "section", "article", "dd", "dt", "dl", "pre")
_INLINE = ("em", "strong", "b", "i", "u", "s", "span", "a", "small", "big", "mark", "font", "sup", "sub", "code",
           "cite", "q", "abbr", "del", "ins", "tt", "strike")


def _tag(names) -> re.Pattern:
    return re.compile(r"</?(?:%s)(?:\s[^<>]*)?/?>" % "|".join(names), re.IGNORECASE)


_BLOCK_TAG, _INLINE_TAG = _tag(_BLOCK), _tag(_INLINE)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,7}|#[0-9]{1,6}|#[xX][0-9A-Fa-f]{1,6});")
_HEADING = re.compile(r"^[ \t]*#{1,6}[ \t]+(.*?)[ \t#]*$", re.MULTILINE)
# emphasis: no space just inside the marks, no word character just outside ("snake_case", "5*3*2" stay)
_STRONG = re.compile(r"(?<![\w*])(\*\*|__)(?=\S)(.+?)(?<=\S)\1(?![\w*])")
_EMPH = re.compile(r"(?<![\w*])([*_])(?=[^\s*_])([^*_\n]+?)(?<=[^\s*_])\1(?![\w*])")

# scare quotes round a word or two before a word ('"red" hair', as the decoded "&quot;red&quot; hair" reads): the
# quote marks stop the modifier from reaching its noun, so they go (no warning: they are not markup)
_QUOTED = re.compile(r'"([A-Za-z][A-Za-z\'-]*(?: [A-Za-z][A-Za-z\'-]*){0,2})"(?= [A-Za-z])')


def unmark(text: str) -> tuple[str, list[str]]:
    """-> (text without markup, the warnings saying what was removed; none when there was none)."""
    out, what = text, []
    if _COMMENT.search(out) or _BLOCK_TAG.search(out) or _INLINE_TAG.search(out):
        out = _INLINE_TAG.sub("", _BLOCK_TAG.sub("\n", _COMMENT.sub(" ", out)))
        what.append("HTML tags")
    if _ENTITY.search(out):
        out = html.unescape(out)
        what.append("HTML entities")
    headings = [m.group(1) for m in _HEADING.finditer(out)]
    if headings:
        out = _HEADING.sub("", out)
        what.append("markdown headings (labels, not description: %s)" % ", ".join(repr(h) for h in headings if h))
    emphasis = _STRONG.sub(r"\2", out)
    emphasis = _EMPH.sub(r"\2", emphasis)
    if emphasis != out:
        out = emphasis
        what.append("markdown emphasis")
    out = _QUOTED.sub(r"\1", out)
    if not what:
        return out, []
    return out, ["markup removed before reading: " + "; ".join(what)]
