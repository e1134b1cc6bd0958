"""The evaluation module's pages, by topic (evaluation/urls.py names each module)."""
