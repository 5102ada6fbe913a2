"""The HTML report as a PDF (`rectify report --format pdf`), written by WeasyPrint, an optional extra.

The PDF is the print of render/html.py's page: its A4 @page, repeated header rows, unsplit rows and
page breaks between sections are WeasyPrint's reading of the same CSS a browser prints with, so the
PDF and the HTML cannot disagree. The text is set in the first font of the page's font list that
fontconfig has (on Debian: Noto Sans CJK SC from fonts-noto-cjk); WeasyPrint embeds each font used,
subset to the characters on the page, so the PDF reads the same on a machine without them.
"""

from __future__ import annotations


class PdfUnavailable(Exception):
    """WeasyPrint (the [pdf] extra) or the system libraries it needs (Pango) cannot be loaded."""


def html_to_pdf(page: str) -> bytes:
    """The PDF of a self-contained HTML page (no external resources are fetched: it has none)."""
    try:
        import weasyprint
    except (ImportError, OSError) as error:  # OSError: WeasyPrint is there, Pango is not
        raise PdfUnavailable(str(error) or type(error).__name__) from None
    return weasyprint.HTML(string=page, base_url=None).write_pdf()
