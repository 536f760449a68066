"""The Statement of Applicability as the Markdown of its controlled PDF.

The PDF says what an auditor samples: summary counts first (applicable, excluded, not assessed,
each implementation status, and per theme), then one table per theme with each control's
decision, the reasons for including it, the justification, its implementation status and the
documents that implement it (derived from the cross-links, as on the SoA page). Its words are the SoA
page's, in the SoA's language; the controls' and themes' titles are the catalog's.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from isms.core.labels import Labels
from isms.core.soa import Decision, Implementation, Reason
from isms.render.escaping import escape, separator
from isms.render.exports import ExportWords, applies
from isms.resolve.index import Index


def soa_markdown(index: Index, words: Labels) -> str:
    """The SoA's PDF body in the language of `words`."""
    catalog = index.catalog_in(words.language)
    lines = _summary(index, words)
    answers = ExportWords(index.settings, words.language)
    for theme in catalog.themes.values():
        controls = sorted(catalog.theme_controls(theme.id), key=lambda c: c.sort_key)
        if not controls:
            continue
        lines.append(f"## {theme.id} {escape(theme.name)}\n")
        lines.append(_row(words.columns("site.soa.columns")))
        lines.append(separator(16, 8, 12, 40, 14, 14))
        for control in controls:
            decision = index.decision(control.id)
            cells = (
                f"{control.id} {escape(control.title)}",
                applies(decision, answers),
                reason_names(words, decision.reasons) if decision else "",
                escape(decision.justification) if decision else "",
                words(f"implementation.{decision.status.value}") if decision and decision.status else "",
                ", ".join(d.id for d in index.implementers(control.id)),
            )
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
    return "\n".join(lines)


def reason_names(words: Labels, reasons: Iterable[Reason]) -> str:
    """A control's reasons for inclusion in the reader's words, joined as the language joins a list
    (risk treatment, contractual; リスク対応、契約): the SoA's PDF and the site's SoA and control pages."""
    return words("export.separator").join(words(f"reasons.{reason.value}") for reason in reasons)


def _summary(index: Index, words: Labels) -> list[str]:
    """The counts of the whole SoA, then applicable, excluded and implemented controls per theme."""
    catalog = index.catalog_in(words.language)
    statuses = list(Implementation)
    everything = [index.decision(c.id) for c in catalog.annex_a]
    heads = [*words.columns("site.soa.summary_columns"), *(words(f"implementation.{s.value}") for s in statuses)]
    lines = [f"## {words('fields.summary')}\n", _row(heads), "|" + "---:|" * len(heads)]
    lines.append("| " + " | ".join(str(n) for n in _counts(everything, statuses)) + " |")
    lines += ["", _row(words.columns("site.soa.theme_columns")), "|:---|---:|---:|---:|---:|"]
    for theme in catalog.themes.values():
        decisions = [index.decision(c.id) for c in catalog.theme_controls(theme.id)]
        if decisions:
            counts = _counts(decisions, statuses)
            shown = " | ".join(str(n) for n in (*counts[:3], counts[4]))
            lines.append(f"| {theme.id} {escape(theme.name)} | {shown} |")
    lines.append("")
    return lines


def _counts(decisions: list[Decision | None], statuses: list[Implementation]) -> list[int]:
    """Controls, applicable, excluded, not assessed, then the applicable controls by implementation status."""
    applicable = [d for d in decisions if d is not None and d.applicable]
    by_status = Counter(d.status for d in applicable)
    return [
        len(decisions),
        len(applicable),
        sum(1 for d in decisions if d is not None and d.excluded),
        sum(1 for d in decisions if d is not None and not d.assessed),
        *(by_status.get(status, 0) for status in statuses),
    ]


def _row(cells: Sequence[str]) -> str:
    """A pipe table row of words (a header), each escaped as text."""
    return "| " + " | ".join(escape(cell) for cell in cells) + " |"
