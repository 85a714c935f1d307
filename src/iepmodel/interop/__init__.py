"""
Bridges between iepmodel and other data standards.

- `iepmodel.interop.edfi`: the Ed-Fi special-education resources (Data Standard 4.0 to
  6.1), both ways, with a report of everything one side cannot hold.
"""

from __future__ import annotations

__all__: list[str] = []
