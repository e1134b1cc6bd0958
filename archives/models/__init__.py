"""文史资料 (SPEC §3.6, source article 4): the culture & history committee's collection plans
and calls for manuscripts (征稿启事), manuscripts and oral histories (口述史) with their
files, every version of their text and their reviews, the numbered volumes (辑) they are
published in, and the digital archive (digitised scans, audio, video, museum exhibits).

Statuses change only through archives.workflow (archives.services call it). The search
columns (`search`, a tsvector of character bigrams) are added by migration 0002 on
PostgreSQL only and are not Django fields (archives.search)."""

from .archive import ArchiveItem
from .common import FileKind, count_words, stored_path
from .manuscripts import Manuscript, ManuscriptFile, ManuscriptVersion, Review
from .plans import CollectionPlan
from .volumes import Volume, VolumeEntry

__all__ = [
    "FileKind",
    "count_words",
    "stored_path",
    "CollectionPlan",
    "Manuscript",
    "ManuscriptFile",
    "ManuscriptVersion",
    "Review",
    "Volume",
    "VolumeEntry",
    "ArchiveItem",
]
