"""What a SQL driver's query resolves to: an envelope around the rows (pg's ``{ rows, rowCount }``,
mssql's ``{ recordset, rowsAffected }``, mysql2's ``[rows, fields]``), whose fields say how many rows
came back, not what a row holds: ``if (existing.rows.length > 0)`` tests whether the record exists."""
from __future__ import annotations

FIELDS = frozenset(('rows', 'rowCount', 'recordset', 'recordsets', 'rowsAffected'))
