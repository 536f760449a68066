"""A record template's fields as a form to fill in, on paper (the PDF) and in Word (the DOCX).

A form is data for its writer, never Markdown: the Typst template and the DOCX writer each lay it
out from the same `FormRow`s, giving every field writing space sized by its type (one line for a
name, several for a timeline or an evidence log), keeping each checkbox with its label, and
closing with a completion and sign-off block.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from isms.core.model import Document
from isms.core.records import FormField

# Writing lines a field gets on paper, by its type; a `text` field is a text area.
LINES = {"text": 5, "signature": 2}
DATE_HINT = {"date": "YYYY-MM-DD", "datetime": "YYYY-MM-DD hh:mm"}


@dataclass(frozen=True)
class FormRow:
    """One field as a form shows it."""

    name: str
    label: str
    type: str
    required: bool
    options: tuple[str, ...]
    help: str
    lines: int  # writing lines; 0 for a field answered by ticking boxes

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "label": self.label,
            "type": self.type,
            "required": self.required,
            "options": list(self.options),
            "help": self.help,
            "lines": self.lines,
            "hint": DATE_HINT.get(self.type, ""),
        }


def form_rows(document: Document) -> list[FormRow]:
    """The rows of a record template's form, in the order the template declares its fields."""
    if document.record is None:
        return []
    return [_row(field) for field in document.record.fields]


def forms_meta(documents: list[Document], labels: dict[str, Any]) -> dict[str, object]:
    """What the Typst template needs to lay out the forms of these documents: their rows by document
    id, and the words of the form (header row, "required", the sign-off block) in their language."""
    forms = {d.id: [row.as_json() for row in form_rows(d)] for d in documents if d.record is not None}
    words = ("form_field", "form_entry", "required", "sign_off", "completed_by", "reviewed_by", "name", "date")
    return {"forms": forms, "form_labels": {word: labels[word] for word in (*words, "signature")}}


def _row(field: FormField) -> FormRow:
    lines = 0 if field.type in ("choice", "checkbox") else LINES.get(field.type, 1)
    return FormRow(field.name, field.label, field.type, field.required, field.options, field.help, lines)
