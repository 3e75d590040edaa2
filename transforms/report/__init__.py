"""A self-contained HTML report of an output folder: overview, documents, chunks, failures."""

from transforms.report.build import ReportLimits, build_report

__all__ = ["ReportLimits", "build_report"]
