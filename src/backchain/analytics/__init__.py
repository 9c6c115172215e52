"""Analytics over many athletes at once, on a columnar engine (DuckDB)."""

from backchain.analytics.bulk import (
    AuditTables,
    BulkAudit,
    audit_tables,
    bulk_audit,
    report_numbers,
)

__all__ = ["AuditTables", "BulkAudit", "audit_tables", "bulk_audit", "report_numbers"]
