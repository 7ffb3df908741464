"""The HTML report: every finding of modsplit on one self-contained page.

``build_report`` gathers the sections from a graph and the other capabilities, and
``render_html`` turns the result into the page.
"""

from modsplit.report.gather import build_report
from modsplit.report.html import render_html
from modsplit.report.model import Report, Section, SectionStatus

__all__ = ["Report", "Section", "SectionStatus", "build_report", "render_html"]
