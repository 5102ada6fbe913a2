"""Word documents in the official layout (党政机关公文格式, GB/T 9704-2012), with python-docx.

This module knows the page and the type, not the report: `official.py` says what each document
contains (from the values the report computed), and writes it through an `OfficialDocument`:

- A4 (210 × 297 mm); margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; 22 lines of 28
  characters: body lines at an exact 28.95 pt.
- Title 2号 (22 pt) 方正小标宋简体; body 3号 (16 pt) 仿宋_GB2312; first-level headings 黑体,
  second-level 楷体_GB2312; tables 五号 (10.5 pt) 仿宋_GB2312, their header row 黑体. Chinese text takes
  the east-asian font (w:eastAsia), Latin letters and digits Times New Roman. A computer without a
  named font falls back by the font table (w:altName): 方正小标宋简体 → 宋体, 仿宋_GB2312 → 仿宋,
  楷体_GB2312 → 楷体, which every Chinese Windows and WPS has.
- Page numbers "— 1 —" in 4号 宋体 in the footer (a PAGE field): odd pages on the right, even pages
  on the left, one character in from the edge.
- Tables repeat their header row on each page (w:tblHeader) and never split a row (w:cantSplit).
- Dates as the standard writes them: 2026年12月1日 (Arabic numerals, no leading zeros).

`save()` returns the bytes, the same for the same document: the zip members carry a fixed
timestamp and the core properties the date the caller gives, never the time of the run.

The blocks a document has by the thousand (tables, forms, titles: a round's 对账销号单 is 4,000
forms, 76 MB of XML) are written as WordprocessingML text and never parsed: a comment stands in
the body where they go and `save()` puts the text in its place in word/document.xml, the same bytes
lxml would have written for the parsed elements. Parsing them and serialising them again, and
python-docx's paragraph API for the titles, were two thirds of the time of those documents.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Sequence
from xml.sax.saxutils import escape

from docx import Document as new_document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph
from lxml import etree

from rectify_cli.render.visible import visible

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"
LATIN_FONT = "Times New Roman"
# font -> what Word and WPS use where it is not installed (the font table's w:altName)
FALLBACKS = {TITLE_FONT: "宋体", BODY_FONT: "仿宋", SUBHEADING_FONT: "楷体", HEADING_FONT: "SimHei"}

PAGE = (Mm(210), Mm(297))
MARGINS = {"top": Mm(37), "bottom": Mm(35), "left": Mm(28), "right": Mm(26)}
BODY_SIZE = Pt(16)       # 3号
TITLE_SIZE = Pt(22)      # 2号
TABLE_SIZE = Pt(10.5)    # 五号
PAGE_NUMBER_SIZE = Pt(14)  # 4号
LINE = Pt(28.95)         # 22 lines on the type area of 225 mm

_SECT_PR = qn("w:sectPr")
_AFTER_PAGE_NUMBERS = {qn(f"w:{tag}") for tag in ("cols", "formProt", "vAlign", "noEndnote", "titlePg",
                                                  "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings")}
_ISO_DATE = re.compile(r"(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?![\d-])")   # \b fails: 至 is a word character
# figures and ids, dates, "超期31天", short words (names, statuses), nothing
_UNBREAKABLE = re.compile(r"^(?:[!-~]{1,16}|\d{4}年\d{1,2}月\d{1,2}日|超期\d+天|[\u4e00-\u9fff]{1,5}|—|)$")
_FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
# python-docx's template carries a thumbnail of an empty page: its relationship and content type go with it
_THUMBNAIL = re.compile(r'<(?:Relationship|Override|Default) [^>]*(?:thumbnail|jpeg)[^>]*/>')


def unbreakable(text: str) -> bool:
    """A value a cell must not break: a figure, an id, an ISO or a Chinese date ("2026年8月15日", "超期31天")."""
    return bool(_UNBREAKABLE.match(text))


def chinese_date(day: dt.date) -> str:
    """2026-12-01 → 2026年12月1日 (GB/T 9704: Arabic numerals, year in full, no leading zeros)."""
    return f"{day.year}年{day.month}月{day.day}日"


def chinese_dates(text: str) -> str:
    """Every ISO date in a text written as chinese_date: "2026-08-15（预判）" → "2026年8月15日（预判）"."""
    return _ISO_DATE.sub(lambda m: f"{int(m[1])}年{int(m[2])}月{int(m[3])}日", text)


def _set_fonts(run_properties, east_asian: str, size: Pt | None = None, bold: bool | None = None) -> None:
    """Latin text in Times New Roman, Chinese in `east_asian` (w:rFonts ascii/hAnsi/eastAsia)."""
    fonts = run_properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        run_properties.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attribute), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), east_asian)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    if size is not None:
        for tag in ("w:sz", "w:szCs"):
            element = run_properties.find(qn(tag))
            if element is None:
                element = OxmlElement(tag)
                run_properties.append(element)
            element.set(qn("w:val"), str(int(size.pt * 2)))
    if bold is not None:
        element = run_properties.find(qn("w:b"))
        if element is None:
            element = OxmlElement("w:b")
            run_properties.append(element)
        element.set(qn("w:val"), "1" if bold else "0")


def _style(document, name: str, font: str, size: Pt, bold: bool = False, center: bool = False,
           exact: Pt | None = LINE, indent: bool = False) -> None:
    style = document.styles[name]
    style.font.size = size
    style.font.bold = bold
    style.font.italic = False
    style.font.color.rgb = None
    _set_fonts(style.element.get_or_add_rPr(), font, size, bold)
    paragraph = style.paragraph_format
    paragraph.space_before = Pt(0)
    paragraph.space_after = Pt(0)
    if exact is not None:
        paragraph.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        paragraph.line_spacing = exact
    else:
        paragraph.line_spacing_rule = WD_LINE_SPACING.SINGLE
    paragraph.first_line_indent = Pt(size.pt * 2) if indent else Pt(0)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph.keep_with_next = name.startswith("Heading")


def _page_field(paragraph) -> None:
    """"— N —": the page number as a PAGE field between em dashes."""
    def run_with(element) -> None:
        run = paragraph.add_run()
        _set_fonts(run._r.get_or_add_rPr(), PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
        run._r.append(element)

    paragraph.add_run("— ")
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run_with(begin)
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = " PAGE "
    run_with(instruction)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run_with(separate)
    paragraph.add_run("1")
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)
    paragraph.add_run(" —")
    for run in paragraph.runs:
        _set_fonts(run._r.get_or_add_rPr(), PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)


def _t(text: str) -> str:
    """A w:t of `text` as lxml writes it: an empty one closed at once."""
    escaped = escape(visible(text))
    return f'<w:t xml:space="preserve">{escaped}</w:t>' if escaped else '<w:t xml:space="preserve"/>'


def _row_xml(values: Sequence[str], twips: Sequence[int], header: bool, left: set[int], bold: bool, style: str) -> str:
    """One w:tr: never split, the header repeated; figures, ids and dates never wrapped."""
    flags = "<w:cantSplit/>" + f'<w:trHeight w:val="{round(7 / 25.4 * 1440)}" w:hRule="atLeast"/>' + (
        "<w:tblHeader/>" if header else "")
    cells = []
    for column, (value, width) in enumerate(zip(values, twips)):
        no_wrap = "<w:noWrap/>" if not header and unbreakable(value) else ""
        align = '<w:jc w:val="left"/>' if not header and column in left else ""
        fonts = (f'<w:rFonts w:ascii="{LATIN_FONT}" w:hAnsi="{LATIN_FONT}" w:cs="{LATIN_FONT}" '
                 f'w:eastAsia="{HEADING_FONT}"/>') if header else ""
        run_properties = fonts + ("<w:b/>" if bold and not header else "")
        cells.append(
            f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="{"dxa" if width else "auto"}"/>{no_wrap}'
            f'<w:vAlign w:val="center"/></w:tcPr><w:p><w:pPr><w:pStyle w:val="{style}"/>{align}</w:pPr>'
            f'<w:r>{"<w:rPr>" + run_properties + "</w:rPr>" if run_properties else ""}'
            f'{_t(value)}</w:r></w:p></w:tc>')
    return f"<w:tr><w:trPr>{flags}</w:trPr>{''.join(cells)}</w:tr>"


def _row_flags(row, header: bool) -> None:
    """A row that never splits across pages; the header row repeats on each page."""
    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:cantSplit"))
    if header:
        properties.append(OxmlElement("w:tblHeader"))


class OfficialDocument:
    """One .docx in the official layout, written from top to bottom."""

    def __init__(self, title: str, created: dt.date) -> None:
        self.document = new_document()
        self._style_ids: dict[str, str] = {}
        self._texts: list[list[str]] = []   # the WordprocessingML written as text, by placeholder (`_text`)
        self._created = created
        properties = self.document.core_properties
        properties.title = title
        properties.author = properties.last_modified_by = "rectify"
        properties.created = properties.modified = dt.datetime(created.year, created.month, created.day)
        properties.revision = 1
        properties.comments = ""
        self._styles()
        self.document.settings.odd_and_even_pages_header_footer = True
        self._page(self.document.sections[0], landscape=False)

    def _styles(self) -> None:
        document = self.document
        _style(document, "Normal", BODY_FONT, BODY_SIZE, indent=True)
        _style(document, "Title", TITLE_FONT, TITLE_SIZE, center=True, exact=Pt(36))
        _style(document, "Heading 1", HEADING_FONT, BODY_SIZE, indent=True)
        _style(document, "Heading 2", SUBHEADING_FONT, BODY_SIZE, indent=True)
        _style(document, "Footer", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE, exact=None)
        title = document.styles["Title"].element
        for border in title.findall(qn("w:pPr") + "/" + qn("w:pBdr")):   # the template underlines titles
            border.getparent().remove(border)
        table = document.styles.add_style("Table Text", 1)
        table.base_style = document.styles["Normal"]
        _style(document, "Table Text", BODY_FONT, TABLE_SIZE, exact=None)
        table.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def _page(self, section, landscape: bool, footers: bool = True) -> None:
        """The page of `section`; with `footers`, its own page-number footers (a later section links to the
        first one's, as Word's "same as previous": one footer part each, not two a section)."""
        width, height = PAGE
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = (height, width) if landscape else (width, height)
        section.top_margin, section.bottom_margin = MARGINS["top"], MARGINS["bottom"]
        section.left_margin, section.right_margin = MARGINS["left"], MARGINS["right"]
        section.header_distance, section.footer_distance = Mm(15), Mm(28) - PAGE_NUMBER_SIZE
        if not footers:
            return
        for footer, align in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT), (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
            footer.is_linked_to_previous = False
            paragraph = footer.paragraphs[0]
            paragraph.clear()
            paragraph.style = self.document.styles["Footer"]
            paragraph.alignment = align
            paragraph.paragraph_format.first_line_indent = Pt(0)
            paragraph.paragraph_format.right_indent = PAGE_NUMBER_SIZE if align == WD_ALIGN_PARAGRAPH.RIGHT else Pt(0)
            paragraph.paragraph_format.left_indent = PAGE_NUMBER_SIZE if align == WD_ALIGN_PARAGRAPH.LEFT else Pt(0)
            _page_field(paragraph)

    # --- blocks -----------------------------------------------------------------------------

    def _append(self, element) -> None:
        """Put `element` at the end of the body, before its closing w:sectPr. python-docx looks for
        that w:sectPr from the first child each time (and its styles by name, one by one), which made a
        round's 对账销号单 quadratic in its pages; the last child is found at once."""
        body = self.document.element.body
        try:
            last = body[-1]     # lxml finds the last child from the end; len(body) counts them all
        except IndexError:
            last = None
        if last is not None and last.tag == _SECT_PR:
            last.addprevious(element)
        else:
            body.append(element)

    def _text(self, xml: str) -> None:
        """Put WordprocessingML text (prefix w:, no namespace declarations) at the end of the body, as
        text: the placeholder comment it joins (when it is the last block) or a new one; see `save`."""
        body = self.document.element.body
        last = body[-2] if len(body) > 1 and body[-1].tag == _SECT_PR else (body[-1] if len(body) else None)
        if last is not None and last.tag is etree.Comment and last.text == _placeholder(len(self._texts) - 1):
            self._texts[-1].append(xml)
            return
        self._append(etree.Comment(_placeholder(len(self._texts))))
        self._texts.append([xml])

    def _style_id(self, name: str) -> str:
        found = self._style_ids.get(name)
        if found is None:
            found = self._style_ids[name] = self.document.styles[name].style_id
        return found

    def _paragraph(self, text: str = "", style: str | None = None) -> Paragraph:
        """document.add_paragraph(text, style), at the cost of one paragraph, not of the document so far."""
        element = OxmlElement("w:p")
        self._append(element)
        paragraph = Paragraph(element, self.document._body)
        if text:
            paragraph.add_run(text)
        if style is not None:
            element.get_or_add_pPr().style = self._style_id(style)
        return paragraph

    def number_line(self, text: str) -> None:
        """The document number (发文字号), centred, e.g. "〔　　〕　号" left blank to fill in."""
        paragraph = self._paragraph(visible(text))
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.first_line_indent = Pt(0)
        self.blank()

    def title(self, text: str, new_page: bool = False) -> None:
        text = visible(text)
        if "\t" in text or "\n" in text or "\r" in text:   # python-docx writes these as w:tab and w:br
            self._paragraph(text, style="Title").paragraph_format.page_break_before = new_page
        else:
            space = ' xml:space="preserve"' if len(text.strip()) < len(text) else ""   # as python-docx sets it
            run = f"<w:r><w:t{space}>{escape(text)}</w:t></w:r>" if text else ""
            page_break = "<w:pageBreakBefore/>" if new_page else '<w:pageBreakBefore w:val="0"/>'
            self._text(f'<w:p><w:pPr><w:pStyle w:val="{self._style_id("Title")}"/>{page_break}</w:pPr>{run}</w:p>')
        self.blank()

    def blank(self) -> None:
        self._text('<w:p><w:pPr><w:ind w:firstLine="0"/></w:pPr></w:p>')

    def addressee(self, text: str) -> None:
        """主送机关: flush left, ending with a full-width colon."""
        paragraph = self._paragraph(visible(text))
        paragraph.paragraph_format.first_line_indent = Pt(0)

    def heading(self, text: str, level: int = 1) -> None:
        self._paragraph(visible(text), style="Heading 1" if level == 1 else "Heading 2")

    def body(self, text: str, indent: bool = True) -> None:
        paragraph = self._paragraph(visible(text))
        if not indent:
            paragraph.paragraph_format.first_line_indent = Pt(0)

    def lead(self, heading: str, text: str) -> None:
        """A paragraph opening with its own heading in 楷体 (a third-level heading run into the text)."""
        paragraph = self._paragraph()
        run = paragraph.add_run(visible(heading))
        _set_fonts(run._r.get_or_add_rPr(), SUBHEADING_FONT)
        paragraph.add_run(visible(text))

    def signature(self, issuer: str, day: str) -> None:
        """发文机关署名 and 成文日期 (chinese_date), right-aligned four characters in."""
        self.blank()
        for text in (issuer, day):
            if not text:
                continue
            paragraph = self._paragraph(visible(text))
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            paragraph.paragraph_format.right_indent = BODY_SIZE * 4
            paragraph.paragraph_format.first_line_indent = Pt(0)

    def small(self, text: str) -> None:
        """A note in table type (provenance, data notes)."""
        self._paragraph(visible(text), style="Table Text").alignment = WD_ALIGN_PARAGRAPH.LEFT

    def new_section(self, landscape: bool, restart: bool = False) -> None:
        """A new page in portrait or landscape (wide tables go on landscape pages); `restart`: its
        pages are numbered from 1 again (the next document of a file)."""
        section = self.document.add_section(WD_SECTION.NEW_PAGE)
        self._page(section, landscape, footers=False)
        for inherited in section._sectPr.findall(qn("w:pgNumType")):   # add_section copies the last section's
            section._sectPr.remove(inherited)
        if restart:
            numbering = OxmlElement("w:pgNumType")
            numbering.set(qn("w:start"), "1")
            properties = section._sectPr
            later = [child for child in properties if child.tag in _AFTER_PAGE_NUMBERS]
            if later:   # the schema's order: pgNumType before cols, docGrid ...
                later[0].addprevious(numbering)
            else:
                properties.append(numbering)

    def attachment(self, label: str, title: str, new_page: bool = False) -> None:
        """附件 N, flush left in 黑体, then the attachment's title centred in 小标宋."""
        paragraph = self._paragraph(visible(label), style="Heading 1")
        paragraph.paragraph_format.first_line_indent = Pt(0)
        paragraph.paragraph_format.page_break_before = new_page
        self._paragraph(visible(title), style="Title")

    def table(self, headers: Sequence[str], rows: Sequence[Sequence[str]], left: set[int] = frozenset(),  # type: ignore[assignment]
              bold_rows: set[int] = frozenset(), widths: Sequence[float] | None = None) -> None:  # type: ignore[assignment]
        """A grid with a repeating header row; columns in `left` flush left (text), the rest centred;
        `widths` in mm fix the columns (w:tblLayout fixed, w:gridCol and each cell: Word, WPS and
        LibreOffice agree). Written as WordprocessingML text and parsed once: python-docx's cell
        by cell API costs a second per thousand rows."""
        twips = [round(w / 25.4 * 1440) for w in widths] if widths is not None else [0] * len(headers)
        grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in twips)
        layout = '<w:tblLayout w:type="fixed"/>' if widths is not None else ""
        style = self._style_id("Table Text")
        body = "".join(_row_xml(values, twips, index == 0, left, index - 1 in bold_rows, style)
                       for index, values in enumerate([headers, *rows]))
        self._text(
            f'<w:tbl><w:tblPr><w:tblStyle w:val="{self._style_id("Table Grid")}"/>'
            f'<w:tblW w:w="0" w:type="auto"/><w:jc w:val="center"/>{layout}'
            f'<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" '
            f'w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{body}</w:tbl>'
            f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr></w:p>')

    def form(self, pairs: Sequence[tuple[str, str]], widths: tuple[float, float] = (36, 120)) -> None:
        """A two-column form (label, value), as a closure sheet is laid out; rows never split.

        Written as WordprocessingML text, as `table` is: python-docx's cell by cell API took 28 ms a
        sheet, most of a round's closure sheets."""
        twips = [round(w / 25.4 * 1440) for w in widths]
        style = self._style_id("Table Text")
        size = round(Pt(12).pt * 2)
        rows = []
        for label, value in pairs:
            cells = []
            for text, width, font in ((label, twips[0], HEADING_FONT), (value, twips[1], BODY_FONT)):
                align = "center" if font == HEADING_FONT else "left"
                paragraphs = "".join(
                    f'<w:p><w:pPr><w:pStyle w:val="{style}"/><w:ind w:firstLine="0"/><w:jc w:val="{align}"/></w:pPr>'
                    f'<w:r><w:rPr><w:rFonts w:ascii="{LATIN_FONT}" w:hAnsi="{LATIN_FONT}" w:cs="{LATIN_FONT}" '
                    f'w:eastAsia="{font}"/><w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr>'
                    f'{_t(line)}</w:r></w:p>' for line in text.split("\n"))
                cells.append(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>'
                             f'{paragraphs}</w:tc>')
            rows.append(f'<w:tr><w:trPr><w:cantSplit/><w:trHeight w:val="{round(9 / 25.4 * 1440)}" w:hRule="atLeast"/>'
                        f'</w:trPr>{"".join(cells)}</w:tr>')
        grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in twips)
        self._text(
            f'<w:tbl><w:tblPr><w:tblStyle w:val="{self._style_id("Table Grid")}"/>'
            f'<w:tblW w:w="0" w:type="auto"/><w:jc w:val="center"/><w:tblLayout w:type="fixed"/>'
            f'<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" '
            f'w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{"".join(rows)}</w:tbl>')

    def save(self) -> bytes:
        """The .docx bytes: the font table gains the fallbacks, the template's thumbnail goes, and the
        zip carries no time of the run."""
        raw = io.BytesIO()
        self.document.save(raw)
        out = io.BytesIO()
        with zipfile.ZipFile(raw) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for item in source.infolist():
                if item.filename == "docProps/thumbnail.jpeg":
                    continue
                data = source.read(item.filename)
                if item.filename == "word/document.xml" and self._texts:
                    data = _PLACEHOLDER.sub(lambda found: "".join(self._texts[int(found.group(1))]),
                                            data.decode("utf-8")).encode("utf-8")
                elif item.filename == "word/fontTable.xml":
                    data = _with_fallbacks(data)
                elif item.filename in ("_rels/.rels", "[Content_Types].xml"):
                    data = _THUMBNAIL.sub("", data.decode("utf-8")).encode("utf-8")
                member = zipfile.ZipInfo(item.filename, date_time=_FIXED_ZIP_TIME)
                member.compress_type = zipfile.ZIP_DEFLATED
                target.writestr(member, data)
        return out.getvalue()


def _placeholder(number: int) -> str:
    return f"rectify-text {number}"


_PLACEHOLDER = re.compile(r"<!--rectify-text (\d+)-->")


def _with_fallbacks(font_table: bytes) -> bytes:
    """Declare each named font with its w:altName, so Word and WPS substitute the right family."""
    entries = "".join(
        f'<w:font w:name="{name}"><w:altName w:val="{alternative}"/><w:charset w:val="86"/>'
        f'<w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>'
        for name, alternative in {**FALLBACKS, PAGE_NUMBER_FONT: "SimSun"}.items())
    return font_table.decode("utf-8").replace("</w:fonts>", entries + "</w:fonts>").encode("utf-8")
