"""Fixture builders: one real report written out as GB18030, Big5, a portal page, DOCX and PDF.

Importable helpers (no pytest fixtures here) so other test folders can reuse them, e.g. a
cross-format test: ``write_all(DEV / name, tmp_path)`` gives one file per format.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import opencc

DATA = Path(__file__).resolve().parents[2] / "data"
DEV = DATA / "corpus" / "dev"
EXTRA = DATA / "corpus" / "extra"
#: The real report the fixtures are made from.
DOC0 = next(DEV.glob("000_*.txt"))
#: Sentences of DOC0 every format must keep (headings and figures).
KEY_SENTENCES = (
    "2019年国民经济和社会发展计划执行情况",
    "一、高质量发展持续深化,经济运行总体平稳",
    "预计地区生产总值增长3.5%左右;一般公共预算收入同比增长5.04%",
    "全年引进京冀企业103家,总投资120.6亿元",
    "全区国家科技型中小企业评价入库191家,国家高新技术企业达到130家",
)
FONT = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
PUBLISHED = "2020-05-13"

#: Page furniture the HTML and PDF fixtures hold; none of it may reach Document.text.
HTML_FURNITURE = (
    "设为首页", "加入收藏", "走进河西", "互动交流", "当前位置", "政务公开 >", "字体", "分享到",
    "打印本页", "关闭窗口", "版权所有", "ICP备", "公网安备", "联系电话", "网站标识码", "今天是",
    "相关链接", "河西区2021年政府工作报告", "扫一扫",
)
PDF_HEADER = "河西区第十七届人民代表大会第六次会议文件"
PDF_FURNITURE = (PDF_HEADER, "- 1 -", "- 2 -", "- 3 -")


def report_lines(path: Path) -> list[str]:
    """The report's non-blank lines, stripped (its paragraphs and headings)."""
    return [s for s in (ln.strip() for ln in path.read_text("utf-8").splitlines()) if s]


def write_gb18030(src: Path, out_dir: Path) -> Path:
    out = out_dir / (src.stem + ".gb18030.txt")
    out.write_bytes(src.read_text("utf-8").encode("gb18030"))
    return out


@lru_cache(maxsize=4)
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def traditional(text: str) -> str:
    """``text`` in traditional characters that Big5 can encode (OpenCC s2t, then s2tw, then as is)."""
    s2t, s2tw = _converter("s2t"), _converter("s2tw")
    out: list[str] = []
    for simp, trad in zip(text, s2t.convert(text), strict=True):
        for cand in (trad, s2tw.convert(simp), simp, " " if simp.isspace() else "|"):
            try:
                cand.encode("big5")
            except UnicodeEncodeError:
                continue
            out.append(cand)
            break
    return "".join(out)


def write_big5(src: Path, out_dir: Path) -> Path:
    out = out_dir / (src.stem + ".big5.txt")
    out.write_bytes(traditional(src.read_text("utf-8")).encode("big5"))
    return out


def stated_date(lines: Sequence[str]) -> str | None:
    """The publication date the report's head states (``日期:2020-05-13``), if any."""
    for line in lines[:12]:
        m = re.search(r"(?:发布日期|发布时间|日期)\s*[:：]\s*(\d{4}-\d{2}-\d{2})", line)
        if m:
            return m.group(1)
    return None


def portal_page(title: str, paragraphs: Sequence[str], *, published: str | None = PUBLISHED) -> str:
    """A saved government portal page: header bar, menu, breadcrumb, article, toolbars, footer."""
    today = dt.date.today()
    stamp = f"<span>发布日期：{published}</span>&nbsp;&nbsp;" if published else ""
    body = "\n".join(f"<p style=\"text-indent:2em\">{html.escape(p)}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>{html.escape(title)}_天津市河西区人民政府</title>
<meta name="keywords" content="河西区,政务公开">
<link rel="stylesheet" href="/css/style.css"><script src="/js/jquery.min.js"></script>
<script>var _hmt = _hmt || []; function share(){{return false;}}</script>
</head><body>
<div class="topbar"><div class="w1200">
<span class="date">今天是：{today.year}年{today.month}月{today.day}日 星期六</span>
<span class="links"><a href="#">设为首页</a> | <a href="#">加入收藏</a> | <a href="#">无障碍</a></span>
</div></div>
<div class="header"><img src="/images/logo.png" alt="天津市河西区人民政府"></div>
<div class="nav"><ul>
<li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/zwfw/">政务服务</a></li>
<li><a href="/hdjl/">互动交流</a></li><li><a href="/zjhx/">走进河西</a></li></ul></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt;
<a href="/zwgk/ghjh/">规划计划</a></div>
<div class="main w1200">
<div class="article">
<h1 class="title">{html.escape(title)}</h1>
<div class="info">{stamp}<span>来源：河西区发展和改革委员会</span>
&nbsp;&nbsp;<span>【字体：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>】</span></div>
<div class="content" id="zoom">
{body}
</div>
<div class="tools"><span>分享到：</span><a href="#">微信</a><a href="#">微博</a><a href="#">QQ空间</a>
<a href="javascript:window.print()">【打印本页】</a>
<a href="javascript:window.close()">【关闭窗口】</a></div>
<div class="qr">扫一扫在手机打开当前页</div>
</div>
<div class="related"><h3>相关链接</h3><ul>
<li><a href="/a/1.html">河西区2021年政府工作报告</a></li>
<li><a href="/a/2.html">关于河西区2018年国民经济和社会发展计划执行情况的报告</a></li></ul></div>
</div>
<div class="footer">
<p>主办单位：天津市河西区人民政府办公室 版权所有：天津市河西区人民政府</p>
<p>津ICP备05004532号 津公网安备 12010302000123号 网站标识码：1201030001</p>
<p>联系电话：022-28131234 地址：天津市河西区友谊路</p>
</div></body></html>
"""


def write_html(src: Path, out_dir: Path, *, encoding: str = "utf-8") -> Path:
    """The report as a portal page; its stated date (if any) is the page's 发布日期."""
    lines = report_lines(src)
    page = portal_page(lines[0], lines[1:], published=stated_date(lines))
    if encoding != "utf-8":
        page = page.replace('charset="utf-8"', f'charset="{encoding}"')
    out = out_dir / (src.stem + ".html")
    out.write_bytes(page.encode(encoding))
    return out


def write_docx(src: Path, out_dir: Path) -> Path:
    import docx

    lines = report_lines(src)
    d = docx.Document()
    d.add_heading(lines[0], level=1)
    for line in lines[1:]:
        d.add_paragraph(line)
    out = out_dir / (src.stem + ".docx")
    d.save(str(out))
    return out


def _wrap(text: str, width: float, measure: object) -> list[str]:
    out, cur = [], ""
    for ch in text:
        if cur and measure(cur + ch) > width:  # type: ignore[operator]
            out.append(cur)
            cur = ""
        cur += ch
    return [*out, cur] if cur else out


def write_pdf(src: Path, out_dir: Path, *, indent: bool = True) -> Path:
    """A report PDF: title, paragraphs wrapped at the margin, a running header and page numbers.

    With ``indent`` each paragraph opens with a two-character indent, as Chinese reports do.
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    if "WQY" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("WQY", str(FONT), subfontIndex=0))
    lines = report_lines(src)
    out = out_dir / (src.stem + (".pdf" if indent else ".flush.pdf"))
    c = canvas.Canvas(str(out), pagesize=A4)
    w, h = A4
    left, size, lead = 72.0, 12.0, 20.0
    width = w - 2 * left

    def measure(s: str) -> float:
        return pdfmetrics.stringWidth(s, "WQY", size)

    page = 1
    y = h - 100

    def furniture() -> None:
        c.setFont("WQY", 9)
        c.drawCentredString(w / 2, h - 50, PDF_HEADER)
        c.drawCentredString(w / 2, 40, f"- {page} -")

    furniture()
    for i, para in enumerate(lines):
        lead_in = 2 * size if indent and i else 0.0
        wrapped = _wrap(para, width, (lambda s: measure(s) * 16 / size) if i == 0 else measure)
        if lead_in:
            first = _wrap(para, width - lead_in, measure)[0]
            wrapped = [first, *_wrap(para[len(first) :], width, measure)]
        for k, piece in enumerate(wrapped):
            if y < 80:
                c.showPage()
                page += 1
                y = h - 100
                furniture()
            c.setFont("WQY", 16 if i == 0 else size)
            if i == 0:
                c.drawCentredString(w / 2, y, piece)
            else:
                c.drawString(left + (lead_in if k == 0 else 0.0), y, piece)
            y -= lead
    c.showPage()
    c.save()
    return out


def write_all(src: Path, out_dir: Path) -> dict[str, Path]:
    """Every fixture format of ``src``: keys txt, gb18030, html, docx, pdf."""
    return {
        "txt": src,
        "gb18030": write_gb18030(src, out_dir),
        "html": write_html(src, out_dir),
        "docx": write_docx(src, out_dir),
        "pdf": write_pdf(src, out_dir),
    }
