"""Saved web pages: the report body without the portal's furniture, plus the page's metadata.

trafilatura (recall-oriented, tables kept) extracts the body; when it finds too little, a plain
extractor takes the page's block text with navigation, header, footer and toolbars removed.
Either way lines that are furniture by the rules (print/close, share, ICP, copyright, breadcrumb)
are dropped, as are lines found only inside furniture containers (menus, header, footer: by tag,
class or id), and the page's title heads the text when the body does not start with it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import lxml.html
import trafilatura
from lxml import etree

from .budget import CHUNK, count_markup, count_tags
from .encoding import decode
from .rules import rules

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", re.I)
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_BLOCK_TAGS = frozenset((
    "p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "section",
    "article", "dd", "dt", "blockquote", "pre", "center",
))
_DROP_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "select",
              "button", "iframe", "object", "svg", "template")
_FURNITURE_ATTR = re.compile(
    r"(^|[\s_-])(nav|navbar|menu|footer|foot|header|topbar|crumb|breadcrumb|bread|position|location|"
    r"share|tool|tools|toolbar|sidebar|related|relate|copyright|banner|login|search|qr|ewm|"
    r"fontsize|links|friend|pager|pagination)([\s_-]|\d|$)",
    re.I,
)
_META_DATE_NAMES = ("pubdate", "publishdate", "firstpublishedtime", "article:published_time",
                    "dc.date", "dcterms.created", "og:release_date", "date")
_META_TITLE_NAMES = ("articletitle", "og:title", "dc.title")
_META_PUBLISHER_NAMES = ("contentsource", "publisher", "dc.publisher", "author")
_XML_DECL = re.compile(r"^\ufeff?\s*<\?xml[^>]*\?>")
_TITLE_SPLIT = re.compile(r"\s*[_|｜]\s*|\s+[-—–]+\s+")
#: trafilatura's text is used unless it holds less than this share of the fallback's CJK text.
MIN_RECALL = 0.4


def _declared_charset(data: bytes) -> str | None:
    m = _CHARSET.search(data[:4096])
    if not m:
        return None
    name = m.group(1).decode("ascii", "replace").lower()
    return "gb18030" if name in ("gb2312", "gbk", "gb18030", "x-gbk") else name


def decode_html(data: bytes) -> tuple[str, str]:
    """The page as text, honouring its declared charset when that decodes cleanly."""
    return decode(data, declared=_declared_charset(data))


def _lines(text: str) -> list[str]:
    """Non-blank lines, stripped; a trafilatura table row ``| a | b |`` becomes ``a<TAB>b``."""
    out = []
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("|") and line.endswith("|") and len(line) > 1:
            line = "\t".join(cell.strip() for cell in line[1:-1].split("|"))
        if line.strip():
            out.append(line.strip())
    return out


def _block_text(el: etree._Element) -> Iterator[str]:
    """Text of an element with a newline at every block boundary and a tab after each table cell."""
    tag = el.tag.lower() if isinstance(el.tag, str) else ""
    if tag in _BLOCK_TAGS:
        yield "\n"
    if el.text and tag:
        yield el.text
    for child in el:
        yield from _block_text(child)
        if child.tail:
            yield child.tail
    if tag in _BLOCK_TAGS:
        yield "\n"
    elif tag in ("td", "th"):
        yield "\t"


def _clean_tree(page: str) -> etree._Element | None:
    try:
        root = lxml.html.document_fromstring(page)
    except (etree.ParserError, ValueError):
        return None
    for el in list(root.iter(*_DROP_TAGS)):
        el.drop_tree()
    for el in list(root.iter()):
        if not isinstance(el.tag, str) or el.getparent() is None:
            continue
        attrs = " ".join(filter(None, (el.get("class"), el.get("id"))))
        if attrs and _FURNITURE_ATTR.search(attrs) and el.tag.lower() not in ("html", "body"):
            el.drop_tree()
    return root


def fallback_text(page: str) -> str:
    """The page's block text, with furniture containers removed."""
    root = _clean_tree(page)
    if root is None:
        return ""
    body = root.find("body")
    return "".join(_block_text(body if body is not None else root))


def _meta(root: etree._Element, names: tuple[str, ...]) -> str | None:
    for el in root.iter("meta"):
        key = (el.get("name") or el.get("property") or el.get("itemprop") or "").lower()
        if key in names and (el.get("content") or "").strip():
            return str(el.get("content")).strip()
    return None


def _iso(text: str) -> str | None:
    m = rules().date.search(text)
    if not m:
        return None
    try:
        return dt.date(int(m["y"]), int(m["m"]), int(m["d"])).isoformat()
    except ValueError:
        return None


def _labelled_date(lines: list[str], start: int, label: re.Pattern[str]) -> str | None:
    """The first date right after ``label``, from line ``start`` on."""
    r = rules()
    for line in lines[start:]:
        for m in label.finditer(line):
            rest = line[m.end() :].lstrip()
            if r.date.regex.match(rest):
                found = _iso(rest[:40])
                if found:
                    return found
    return None


def _title(root: etree._Element) -> str | None:
    """The article's title: the longest heading the <title> repeats, else the <title>'s first part."""
    t = root.find(".//title")
    page_title = " ".join(t.text_content().split()) if t is not None else ""
    headings = [" ".join(el.text_content().split()) for el in root.iter("h1", "h2", "h3")]
    headings = [h for h in headings if len(h) >= 4]
    squeezed = "".join(page_title.split())
    repeated = [h for h in headings if "".join(h.split()) in squeezed]
    if repeated:  # the longest: a site-name logo heading is repeated in the <title> too
        return max(repeated, key=len)
    first = _TITLE_SPLIT.split(page_title)[0].strip() if page_title else ""
    if len(first) >= 4:
        return first
    return headings[0] if headings else (page_title or None)


def page_meta(page: str, title_hint: str | None = None) -> dict[str, str]:
    """Title, publication date and publisher the page states."""
    meta: dict[str, str] = {}
    try:
        root = lxml.html.document_fromstring(page)
    except (etree.ParserError, ValueError):
        return meta
    title = _meta(root, _META_TITLE_NAMES) or _title(root) or title_hint
    if title:
        meta["title"] = " ".join(title.split())
    all_lines = _lines("".join(_block_text(root.find("body") if root.find("body") is not None else root)))
    r = rules()
    lines = [ln for ln in all_lines if not any(rule.name == "header_bar" and rule.search(ln)
                                               for rule in r.furniture)]
    start = next((i for i, ln in enumerate(lines) if title and title[:12] in ln), 0)
    published = None
    for label in (r.published_label.regex, r.published_label_weak.regex):
        published = published or _labelled_date(lines, start, label) or _labelled_date(lines, 0, label)
    if not published:
        raw = _meta(root, _META_DATE_NAMES)
        published = _iso(raw) if raw else None
    if published:
        meta["published"] = published
    publisher = _meta(root, _META_PUBLISHER_NAMES)
    if not publisher:
        for ln in lines[start : start + 30]:
            m = r.publisher_label.search(ln)
            if m:
                words = ln[m.end() :].split()
                value = r.published_label.regex.split(words[0])[0] if words else ""
                publisher = value.strip() or None
                break
    if publisher:
        meta["publisher"] = publisher
    return meta


def extract_body(page: str) -> str:
    """The report's text from a page: trafilatura, or the fallback when it finds too little."""
    main = trafilatura.extract(
        page, favor_recall=True, include_tables=True, include_comments=False,
        include_images=False, include_links=False, deduplicate=False,
    ) or ""
    fallback = fallback_text(page)
    if len(_CJK.findall(main)) < MIN_RECALL * len(_CJK.findall(fallback)):
        main = fallback
    r = rules()
    lines = [ln for ln in _lines(main) if not r.is_furniture(ln)]
    return "\n".join(_inside(lines, fallback))


def _squeeze(text: str) -> str:
    return "".join(text.split())


def _inside(lines: list[str], fallback: str) -> list[str]:
    """Drop lines that stand only in furniture containers (menus trafilatura kept for recall).

    Kept as they are when that would drop much of the text (the container guess went wrong).
    """
    whole = _squeeze(fallback)
    if not whole:
        return lines
    kept = [ln for ln in lines if _squeeze(ln) in whole]
    lost = sum(len(_CJK.findall(ln)) for ln in lines) - sum(len(_CJK.findall(ln)) for ln in kept)
    return kept if lost <= 0.2 * sum(len(_CJK.findall(ln)) for ln in lines) else lines


def read_html(data: bytes) -> tuple[str, str, dict[str, str]]:
    """``(text, encoding, meta)`` of a saved page; the markup is first counted against the budgets."""
    count_tags(data, "html")
    count_markup((data[i : i + CHUNK] for i in range(0, len(data), CHUNK)), "html", html=True)
    page, encoding = decode_html(data)
    page = _XML_DECL.sub("", page, count=1)  # lxml refuses str input that declares an encoding
    meta = page_meta(page)
    body = extract_body(page)
    title = meta.get("title")
    first = "".join(body.lstrip().split("\n", 1)[0].split())
    if title and not first.startswith("".join(title.split())):
        body = f"{title}\n{body}"
    return body, encoding, meta
