"""The office's spreadsheet imports of organisation records (members, departments).

An upload is checked (size, a real .xlsx, zip bomb, row cap) and imported as a dry run with
django-import-export; an ImportBatch keeps the file, its digest, the counts, a report
(errors by Excel row and column, rows that would change) and, for a bulk resource, the
plan of what to write. The office then confirms — the plan is written in one transaction
if the records it was checked against are unchanged, else the stored file is read,
checked and imported again, for real — or discards. The resources live with their
models (members/resources.py, organisation/resources.py) and build on `BodyResource` and
the widgets here.

- `checks`: the upload's checks and reading its first sheet;
- `widgets`: a cell's text to a stored value, with Chinese errors;
- `resources`: `BodyResource`, the base of the resources;
- `report`: what a run found, kept on the batch;
- `services`: preview, confirm and discard, and the workflow of a batch;
- `template`: the .xlsx template to fill in.
"""

from django.core.exceptions import ValidationError

from .checks import XLSX_TYPE
from .report import MAX_REPORTED_ISSUES, MAX_REPORTED_ROWS, Report, report_of
from .resources import BodyResource
from .services import WORKFLOW, earlier_import_of, import_confirm, import_discard, import_preview
from .template import template_workbook
from .widgets import CJK, ChoiceWidget, DateWidget, NamedWidget, TextWidget, YesNoWidget

__all__ = [
    "CJK",
    "MAX_REPORTED_ISSUES",
    "MAX_REPORTED_ROWS",
    "WORKFLOW",
    "XLSX_TYPE",
    "BodyResource",
    "ChoiceWidget",
    "DateWidget",
    "NamedWidget",
    "Report",
    "TextWidget",
    "ValidationError",  # what the services raise
    "YesNoWidget",
    "earlier_import_of",
    "import_confirm",
    "import_discard",
    "import_preview",
    "report_of",
    "template_workbook",
]
