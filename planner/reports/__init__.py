"""PDF, spreadsheet and calendar output (reports layer): ReportLab and pyHanko live here."""
