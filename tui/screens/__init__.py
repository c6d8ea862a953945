"""The sections of the workbook, one module each."""
