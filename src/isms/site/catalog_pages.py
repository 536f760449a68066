"""The pages of the catalog: Annex A controls and clauses 4–10 with what implements each, the
coverage report and the traceability matrix."""

from __future__ import annotations

from collections.abc import Callable

from isms.core.catalog import Control, id_sort_key
from isms.core.labels import Labels
from isms.core.model import Level
from isms.render import links
from isms.resolve.index import Index
from isms.site.templating import Page


class CatalogPages:
    def __init__(self, index: Index, page: Callable[..., Page], words: Labels) -> None:
        self.index = index
        self._page = page
        self.words = words
        self.catalog = index.catalog_in(words.language)  # the titles the site's readers read

    def pages(self) -> list[Page]:
        pages = [self.controls(), self.coverage(), self.traceability(), self.clauses()]
        pages += [self.control(c) for c in self.catalog.controls.values()]
        pages += [self.clause(clause_id) for clause_id in self.catalog.clauses]
        return pages

    def themes(self) -> list[tuple[str, str, list[Control]]]:
        catalog = self.catalog
        return [
            (theme.id, theme.name, sorted(catalog.theme_controls(theme.id), key=lambda c: c.sort_key))
            for theme in catalog.themes.values()
        ]

    def controls(self) -> Page:
        vocabulary = self.catalog.attribute_vocabulary
        title = self.words("site.titles.controls")
        return self._page(links.CONTROLS, title, "controls.md.j2", themes=self.themes(), vocabulary=vocabulary)

    def control(self, control: Control) -> Page:
        return self._page(
            links.control_uri(control.id),
            f"{control.id} {control.title}",
            "control.md.j2",
            in_nav=False,
            control=control,
            theme=self.catalog.themes.get(control.theme),
            documents=self.index.implementers(control.id),
            statements=self.index.statements_for(control.id),
            evidence=self.index.evidence.get(control.id, []),
        )

    def clauses(self) -> Page:
        clauses = sorted(self.catalog.clauses.values(), key=lambda c: id_sort_key(c.id))
        return self._page(links.CLAUSES, self.words("site.titles.clauses"), "clauses.md.j2", clauses=clauses)

    def clause(self, clause_id: str) -> Page:
        clause = self.catalog.clauses[clause_id]
        return self._page(
            links.clause_uri(clause_id),
            f"{clause.id} {clause.title}",
            "clause.md.j2",
            in_nav=False,
            clause=clause,
            children=[c for c in self.catalog.clauses.values() if c.parent == clause.id],
            providers=self.index.clause_providers(clause_id),
            statements=self.index.statements_for(clause_id),
        )

    def coverage(self) -> Page:
        index = self.index
        return self._page(
            links.COVERAGE,
            self.words("site.titles.coverage"),
            "coverage.md.j2",
            unimplemented=index.unimplemented_controls(),
            excluded=index.excluded_but_cited(),
            mandatory=[self.catalog.clauses[c] for c in index.mandatory_gaps()],
            orphan_documents=index.orphan_documents(),
            orphan_records=index.orphan_records(),
            not_assessed=[
                control
                for control in self.catalog.annex_a
                if (decision := index.decision(control.id)) is not None and not decision.assessed
            ],
        )

    def traceability(self) -> Page:
        documents = [d for d in self.index.originals if d.level is not Level.SOA]
        cited = {d.id: set(d.cited_ids) for d in documents}
        return self._page(
            links.TRACEABILITY,
            self.words("site.titles.traceability"),
            "traceability.md.j2",
            documents=documents,
            themes=self.themes(),
            cited=cited,
        )
