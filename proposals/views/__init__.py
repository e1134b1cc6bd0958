"""Views of the proposals app, split by who uses them (STYLE.md)."""
