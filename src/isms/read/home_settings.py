"""The `home:` section of isms.yml: the incident contact and the task links of the staff home page."""

from __future__ import annotations

from isms.core import diagnostics as codes
from isms.core.settings import HomeSettings, HomeTask
from isms.read.fields import Reader
from isms.read.titles import entry_titles, read_titles
from isms.read.yamltree import Mapping, Sequence

HOME_KEYS = ("incident", "tasks")
INCIDENT_KEYS = ("text", "texts", "phone", "email")
TASK_KEYS = ("title", "titles", "document")


def read_home(top: Mapping, reader: Reader, languages: tuple[str, ...]) -> HomeSettings:
    section = reader.mapping(top.get("home"), "home")
    if section is None:
        return HomeSettings()
    reader.check_keys(section, HOME_KEYS, "home")
    home = HomeSettings(tasks=_tasks(section, reader, languages))
    incident = reader.mapping(section.get("incident"), "incident")
    if incident is None:
        return home
    reader.check_keys(incident, INCIDENT_KEYS, "home: incident")
    return HomeSettings(
        incident=reader.text(incident.get("text"), "text") or "",
        incident_texts=read_titles(incident.get("texts"), reader, languages, "texts of home: incident"),
        phone=reader.text(incident.get("phone"), "phone") or "",
        email=reader.text(incident.get("email"), "email") or "",
        tasks=home.tasks,
    )


def _tasks(section: Mapping, reader: Reader, languages: tuple[str, ...]) -> tuple[HomeTask, ...]:
    """Each task: a title (with its translations) and the document that says how; the document id is
    checked against the ISMS once its documents are read (isms.settings.reference)."""
    node = section.get("tasks")
    if node is None:
        return ()
    if not isinstance(node, Sequence):
        reader.error(
            codes.FIELD_TYPE, node, "'tasks' must be a list of tasks", "write each as - {title: …, document: ID}"
        )
        return ()
    tasks = []
    for item in node.items:
        entry = reader.mapping(item, "task")
        if entry is None:
            continue
        reader.check_keys(entry, TASK_KEYS, "home: tasks")
        title = reader.text(entry.get("title"), "title")
        document = entry.get("document")
        if not title or document is None:
            reader.error(codes.FIELD_MISSING, entry, "a task needs a title and a document", "add both")
            continue
        titles = entry_titles(entry, reader, languages, f"task '{title}'")
        tasks.append(HomeTask(title, reader.text(document, "document") or "", titles, document.line))
    return tuple(tasks)
