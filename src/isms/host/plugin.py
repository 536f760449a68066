"""The `isms` MkDocs plugin: a thin shell that adds the ISMS pages to a Material site.

Each MkDocs event hands its work to plain code: `resolve.view.open_view` checks and opens the ISMS, `pages`
renders Markdown, `sanitize` cleans HTML, `search` and `search_ahead` finish the index. Generated pages are
`File.generated` objects; nothing is written into docs/.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import config_options, load_config
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as MkDocsPage

from isms.change import settings_history
from isms.core.diagnostics import STATED_TO_READERS, Diagnostic, Severity, summary_line
from isms.core.revisions import BuildOrigin, History
from isms.core.settings import in_language
from isms.git.commits import PointInTime
from isms.host import HOST, languages, previews, titles
from isms.host.navigation import navigation
from isms.read.labels import labels_in
from isms.render import links
from isms.render.outputs import Published
from isms.resolve.audience import UnknownAudience
from isms.resolve.index import Index
from isms.resolve.view import View, open_view
from isms.site import dialect, sanitize, search, search_ahead, tables
from isms.site.banner import add_banner
from isms.site.kept_pages import KeptPages
from isms.site.pages import build_pages, media_paths
from isms.site.templating import Page

log = logging.getLogger(f"{HOST.logger}.plugins.isms")  # where the host's strict mode counts warnings

_GENERATOR = re.compile(r'\s*<meta name="generator"[^>]*>')
_HTML_LANG = re.compile(r'(<html lang=")[^"]*(")')  # the theme knows "zh"; readers' browsers need "zh-CN"
# Markers the document template puts around a body in another language than the site's.
_LANG_START = re.compile(r"<!-- isms-lang ([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*) -->")
_LANG_END = "<!-- /isms-lang -->"
_WIDE_MARK = '<span class="isms-wide" hidden></span>'  # the stylesheet gives such a page the full width


class IsmsPluginConfig(Config):  # type: ignore[no-untyped-call]
    root = config_options.Optional(config_options.Type(str))  # the folder with isms.yml
    today = config_options.Optional(config_options.Type(str))  # YYYY-MM-DD; default ISMS_TODAY, or today
    pdf = config_options.Type(bool, default=True)
    pdfa = config_options.Type(bool, default=False)
    history = config_options.Type(bool, default=True)
    audience = config_options.Type(str, default="")  # build only what this audience may see
    serve_pdf = config_options.Type(bool, default=False)  # mkdocs serve renders the PDFs on every rebuild


@dataclass
class SharedBuild:
    """What the language versions of one site share: the ISMS opened once and its PDFs rendered once."""

    view: View | None = None
    pdfs: dict[str, list[Published]] = field(default_factory=dict)


@dataclass(frozen=True)
class BuildRequest:
    """What `isms build` asks of one MkDocs build, beside what mkdocs.yml says."""

    today: date
    audience: str = ""
    past: PointInTime | None = None  # a build of the past: its sources are a copy of the tree at a commit
    git_root: Path | None = None  # where the history of such a build is read
    language: str = ""  # the language of this version of the site; "" is the default language
    shared: SharedBuild | None = None  # set for every language version of one build


class IsmsPlugin(BasePlugin[IsmsPluginConfig]):  # type: ignore[no-untyped-call]
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.index: Index | None = None
        self.pages: list[Page] = []
        self.root = Path.cwd()
        self.request: BuildRequest | None = None  # set by isms build; otherwise read from the plugin's options
        self.view: View | None = None
        self.language = ""  # the language of the site being built
        self.folder = ""  # its folder under the site root: "" for the default language, "ja/" …
        self.folders: dict[str, str] = {}  # every language of the site and its folder
        self.wide: frozenset[str] = frozenset()  # pages of wide tables, shown without the table of contents
        self.serving = False  # under mkdocs serve, where this instance outlives each rebuild
        self.dirty = False  # this build rebuilds only the pages that changed (set by the server's rebuilds)
        self.previous = previews.Previous()  # what the last build in this server made
        self.kept = KeptPages()  # the generated pages of the last build in this server
        self.sources = previews.StableSources()  # their Markdown as the last build in this server wrote it
        self._signature = ""
        self._locations: list[str] = []  # every page's address, in site order, as the search index has them
        self._outputs: set[str] = set()
        self._rebuilt: set[str] = set()  # the pages MkDocs read and rendered in this build
        self._histories: dict[str, History] = {}  # the git history of the last build in serve, by commit
        self._environment: Environment | None = None  # the theme's templates, compiled once in serve

    # Events

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Its presence keeps this instance across the rebuilds of mkdocs serve. Under `serve --dirty`
        MkDocs' own dirty builds run as they are; under `serve --clean` every rebuild is a full one."""
        self.serving = command == "serve" and not dirty

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.root = Path(self.config.root or Path(config.config_file_path).parent).resolve()
        request = self.request or BuildRequest(_today(self.config.today), self.config.audience)
        shared = request.shared or SharedBuild()
        if self.serving and self.config.pdf and not self.config.serve_pdf and not self.previous.signature:
            log.info("isms: mkdocs serve shows no PDFs, so that a save shows at once (serve_pdf: true renders them)")
        if shared.view is None:
            shared.view = self.view = self._open(request, config)
            shared.pdfs = self._render_pdfs(shared.view) if self._with_pdfs else {}
        view = self.view = shared.view
        self.index = view.index
        settings = view.index.settings
        self.language = request.language or settings.default_language
        self.folders = links.language_folders(settings.site_languages)
        self.folder = self.folders.get(self.language, "")
        kept = self.kept if self.serving else None
        self.pages = build_pages(view, shared.pdfs, self.language, "../" * self.folder.count("/"), kept)
        self.wide = frozenset(page.uri for page in self.pages if page.wide)
        titles.settle_site(config, in_language(settings.site.names, self.language) or config.site_name)
        dialect.configure(config)
        # The title of each heading's permalink, which readers see on hovering it: in the site's language
        # unless mkdocs.yml sets one.
        toc = config.mdx_configs.setdefault("toc", {})
        toc.setdefault("permalink_title", labels_in(self.language)("site.permalink"))
        config.extra_css.append(links.ASSET_CSS)
        config.extra_javascript.append(links.ASSET_JS)
        config.extra_javascript.append(links.ASSET_IN_FORCE_JS)
        if config.nav is None:
            config.nav = navigation(self.index, self.language, Path(config.docs_dir))
        return config

    def _open(self, request: BuildRequest, config: MkDocsConfig) -> View:
        past = request.past
        try:
            opened = open_view(
                self.root,
                request.today,
                rev=past.commit if past else "HEAD",
                git_root=request.git_root,
                as_of=past.label if past else "",
                audience=request.audience,
                history=self.config.history,
                sources=self._with_pdfs,
                docs=Path(config.docs_dir),
                settings_changes=settings_history.settings_changes if self.config.history else None,
                histories=self._histories if self.serving else None,
            )
        except UnknownAudience as error:
            raise Abort(f"isms: {error}") from None
        for diagnostic in opened.diagnostics:
            if diagnostic.severity is Severity.WARNING:
                (log.info if diagnostic.code in STATED_TO_READERS else log.warning)(diagnostic.format())
        if not opened.ok or opened.view is None:
            raise Abort(_refusal(opened.diagnostics))
        for warning in opened.view.warnings:
            log.warning(f"isms: {warning}")
        return opened.view

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        for page in self.pages:
            if files.get_file_from_path(page.uri) is not None:
                continue  # a hand-written page of the same name wins
            inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
            if self.serving:  # a source whose time says when the page last changed, for dirty rebuilds
                source = str(self.sources(self._serve_sources, page.uri, page.markdown))
                files.append(File.generated(config, page.uri, abs_src_path=source, inclusion=inclusion))
            else:
                files.append(File.generated(config, page.uri, content=page.markdown, inclusion=inclusion))
        for path in media_paths(self.pages):
            files.append(File.generated(config, links.media_uri(path), abs_src_path=str(self.root / path)))
        assets = resources.files("isms.site") / "assets"
        scripts = ((links.ASSET_JS, "isms.js"), (links.ASSET_IN_FORCE_JS, "in-force.js"))
        for uri, name in ((links.ASSET_CSS, "isms.css"), *scripts):
            files.append(File.generated(config, uri, content=(assets / name).read_bytes()))
        return files

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        if not self.serving:
            return nav
        pages = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        self._locations = [_location(f.url) for f in pages]
        self._outputs = {f.abs_dest_path for f in files}
        self._rebuilt = set()
        origin = self.view.origin if self.view else BuildOrigin("")
        # A preview's banner says the same whether or not the tree has changes (banner.banner).
        stamp = origin.commit if self.serving and origin.commit and not origin.as_of else origin.label
        described = (f"{p.uri}\0{p.title}\0{p.in_nav}" for p in self.pages)
        self._signature = previews.signature([stamp, self.language, *sorted(self.wide), *described, *self._locations])
        if not self.dirty:
            return nav
        if self._signature != self.previous.signature:  # the navigation or the banner changed: every page
            for file in pages:
                Path(file.abs_dest_path).unlink(missing_ok=True)
        for file in pages:  # the navigation shows the titles of the pages MkDocs will not read
            if file.page is not None and not file.is_modified() and file.src_uri in self.previous.titles:
                file.page.title = self.previous.titles[file.src_uri]
        return nav

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        """In serve, the theme's templates compiled by the first build: a dirty rebuild has the same
        mkdocs.yml and theme (a change to either makes a full build, which compiles them again)."""
        if not self.serving:
            return env
        if not self.dirty or self._environment is None:
            self._environment = env
        return self._environment

    def on_page_markdown(self, markdown: str, *, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
        if page.file.generated_by:  # generated pages are built from the restricted ISMS already
            if page.file.src_uri in self.wide:
                page.meta["hide"] = sorted({*page.meta.get("hide", []), "toc"})
            return markdown
        if "title" in page.meta:  # the front matter's title is shown on every page, in the navigation
            page.meta["title"] = self._redact(str(page.meta["title"]))
        return self._redact(markdown)  # hand-written pages may name documents this audience may not see

    def on_page_content(self, html: str, *, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
        titles.settle(page)  # every page is rendered before any is written, so the navigation sees this
        if self.serving:
            self._rebuilt.add(page.url)
            self.previous.titles[page.file.src_uri] = page.title or ""
        if page.file.generated_by:  # a document in another language than the site's: its text says so
            html = _LANG_START.sub(lambda match: f'<div lang="{match[1]}">', html).replace(_LANG_END, "</div>")
        html = tables.fit_tables(sanitize.clean(html))
        return _WIDE_MARK + html if page.file.src_uri in self.wide else html

    def on_post_page(self, output: str, *, page: MkDocsPage, config: MkDocsConfig) -> str:
        output = _GENERATOR.sub("", output, count=1)
        output = _HTML_LANG.sub(lambda match: f"{match[1]}{self.language}{match[2]}", output, count=1)
        output = languages.link_alternates(output, page.url, self.folder, self.folders)
        words = labels_in(self.language) if self.language else None
        return add_banner(output, self.view.origin if self.view else BuildOrigin(""), words, self.serving)

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        """Pages of the theme itself (404.html): the language switch leads to each language's home."""
        output = _HTML_LANG.sub(lambda match: f"{match[1]}{self.language}{match[2]}", output_content, count=1)
        return languages.link_alternates(output, "", self.folder, self.folders)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self._with_pdfs and not self.folder and self._pdf_dir.is_dir():
            shutil.copytree(self._pdf_dir, Path(config.site_dir) / "pdf", dirs_exist_ok=True)
        index_file = Path(config.site_dir) / "search" / "search_index.json"
        if self.serving:  # no gzip copy: the development server does not send it
            self._keep(index_file, config)
        elif index_file.exists():
            search_ahead.publish(index_file, self._search_targets(config), self._unsearched())

    def on_serve(self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        settings = self.index.settings if self.index else None
        watched = [self.root / "isms.yml"]
        if settings is not None:
            watched += [self.root / settings.documents_path, self.root / settings.records_path]
            watched += [self.root / c for c in settings.catalogs]
        for path in watched:
            if path.exists():
                server.watch(str(path))
        if self.serving:  # not under `serve --clean`, which builds as `mkdocs build` does
            full = [Path(config.config_file_path), self.root / "isms.yml"]
            custom = [Path(config.theme.custom_dir)] if config.theme.custom_dir else []
            inputs = partial(previews.inputs_digest, full, [Path(config.docs_dir), *custom])
            server.builder = previews.Rebuilds(builder, partial(self._dirty_build, config), inputs, inputs())
        return server

    def _dirty_build(self, first: MkDocsConfig) -> None:
        """A rebuild of only what changed, with mkdocs.yml read again as MkDocs' own rebuild does."""
        host, port = first.dev_addr
        config = load_config(
            config_file=first.config_file_path,
            site_dir=first.site_dir,
            dev_addr=f"{host}:{port}",
            strict=first.strict,
            use_directory_urls=first.use_directory_urls,
        )
        config.site_url = first.site_url
        quiet = previews.QuietDirtyBuild()
        logger = logging.getLogger(f"{HOST.logger}.commands.build")
        logger.addFilter(quiet)
        self.dirty = True
        try:
            mkdocs_build(config, serve_url=first.site_url, dirty=True)
        finally:
            self.dirty = False
            logger.removeFilter(quiet)

    def _keep(self, index_file: Path, config: MkDocsConfig) -> None:
        """After a build in serve: a dirty build's search index made whole (only the new entries
        post-processed), its pages that no longer exist removed, and what the next build needs kept."""
        previous = self.previous
        if index_file.exists():
            rebuilt = self._rebuilt if self.dirty else set(self._locations)
            targets = self._search_targets(config)
            rewrite = partial(search_ahead.publish, targets=targets, unsearched=self._unsearched(), serving=True)
            previews.merge_search_file(index_file, rebuilt, self._locations, previous, rewrite)
        if self.dirty:
            for stale in previous.outputs - self._outputs:
                Path(stale).unlink(missing_ok=True)
        previous.outputs = self._outputs
        previous.signature = self._signature

    def _unsearched(self) -> frozenset[str]:
        """The headings of the sections left out of the search index, in this site's language."""
        return search.unsearched_titles(labels_in(self.language))  # set by on_config, before any build

    def _search_targets(self, config: MkDocsConfig) -> dict[str, search.Target]:
        """The pages readers look up by id, at their locations in the search index."""
        if self.index is None:
            return {}
        index = self.index

        def location(uri: str) -> str:
            return uri[: -len(".md")] + ("/" if config.use_directory_urls else ".html")

        targets = {
            location(links.document_uri(d)): search.Target(d.id, search.DOCUMENT_BOOST) for d in index.corpus.documents
        }
        for control_id in index.catalog.controls:
            targets[location(links.control_uri(control_id))] = search.Target(control_id, search.GENERATED_BOOST)
        for clause_id in index.catalog.clauses:
            targets[location(links.clause_uri(clause_id))] = search.Target(clause_id, search.GENERATED_BOOST)
        return targets

    # PDFs

    @property
    def _with_pdfs(self) -> bool:
        """Whether this build renders PDFs: in mkdocs serve only when asked, since a rebuild would wait for them."""
        return bool(self.config.pdf and (self.config.serve_pdf or not self.serving))

    @property
    def _serve_sources(self) -> Path:
        audience = self.view.audience if self.view else ""
        return self.root / ".isms-cache" / previews.SOURCES / f"{self.language}-{audience or 'all'}"

    @property
    def _pdf_dir(self) -> Path:
        audience = self.view.audience if self.view else ""
        return self.root / ".isms-cache" / f"site-pdf-{audience or 'all'}"

    def _redact(self, text: str) -> str:
        return self.view.redact(text) if self.view else text

    def _render_pdfs(self, view: View) -> dict[str, list[Published]]:
        from isms.render.pdf import publish

        shutil.rmtree(self._pdf_dir, ignore_errors=True)
        git_root = self.request.git_root if self.request else None
        cache = (git_root or self.root) / ".isms-cache" / "pdf"
        result = publish(view, self._pdf_dir, cache, pdfa=self.config.pdfa)
        if result.failures:
            raise Abort("\n".join(f.format() for f in result.failures) + "\nisms: the site is not built")
        log.info(f"isms: {result.summary()}")
        files: dict[str, list[Published]] = {}
        for published in result.published:
            files.setdefault(published.document_id, []).append(published)
        return files


def _location(url: str) -> str:
    """A page's address as the search index has it: the home page's is empty."""
    return "" if url in (".", "./") else url


def _today(configured: str | None) -> date:
    text = configured or os.environ.get("ISMS_TODAY")
    if not text:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise Abort(f"isms: today '{text}' is not a date (YYYY-MM-DD)") from None


def _refusal(diagnostics: list[Diagnostic]) -> str:
    lines = [d.format() for d in diagnostics if d.severity is Severity.ERROR]
    lines.append(f"isms: the site is not built: {summary_line(diagnostics)} (run isms check for details)")
    return "\n".join(lines)
