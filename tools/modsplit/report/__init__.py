"""The HTML report: every finding of modsplit on one self-contained page.

``build_report`` gathers the sections from a graph and the results of the other capabilities
(``ReportSources``, wired by the command line), and ``render_html`` turns it into the page.
"""

from modsplit.report.gather import build_report
from modsplit.report.html import render_html
from modsplit.report.model import Report, Section, SectionStatus
from modsplit.report.sources import ContractStatus, NoData, ReportSources

__all__ = [
    "ContractStatus",
    "NoData",
    "Report",
    "ReportSources",
    "Section",
    "SectionStatus",
    "build_report",
    "render_html",
]
