"""The demo's data, as Python: areas, organizations, references, breakdowns, plans and accounts."""
