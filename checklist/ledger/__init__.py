"""Reading task ledgers (台账) from Excel/CSV: pure Python, no Django.

reader.open_ledger() streams rows as text; values.* turn cell text into numbers, dates,
statuses and unit lists, each with a Chinese error message for the user.
"""
from .reader import COLUMNS, REQUIRED, Ledger, LedgerError, LedgerRow, open_ledger
from .values import (
    STATUS_LABELS,
    neutralize_formula,
    parse_due,
    parse_number,
    parse_status,
    restore_neutralized,
    split_codes,
    split_unit_cell,
)

__all__ = [
    "COLUMNS", "REQUIRED", "Ledger", "LedgerError", "LedgerRow", "open_ledger",
    "STATUS_LABELS", "neutralize_formula", "parse_due", "parse_number", "parse_status",
    "restore_neutralized", "split_codes", "split_unit_cell",
]
