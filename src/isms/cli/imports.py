"""`isms import`: its parser and handler in one place."""

from __future__ import annotations

import argparse
import stat
from pathlib import Path

from isms.cli.common import EXIT_OK, Commands, UsageError, root_from
from isms.cli.corpus import loaded
from isms.core.files import replace_file
from isms.core.model import Level


def add_parsers(commands: Commands) -> None:
    parser = commands.add_parser(
        "import",
        help="bring existing documents in (Markdown, .docx, .odt, HTML) as drafts",
        description="Convert existing documents into drafts of this ISMS: ids, levels and titles are proposed, the"
        " controls and clauses cited in the text are listed in the front matter (ISO/IEC 27001:2013 ids through"
        " the 2013-2022 mapping), images are copied into the repository, foreign front matter is kept. Prints"
        " what it inferred and what a person must confirm. Never overwrites a file.",
    )
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="files or folders to import")
    parser.add_argument("--level", choices=("policy", "standard", "procedure"), help="the level of every document")
    parser.add_argument("--owner", default="", help="the owning role of every document")
    parser.add_argument("--approver", default="", help="the approving role of every document")
    parser.add_argument(
        "--move",
        action="store_true",
        help="remove each imported file that git tracks in this repository; the draft records where it came"
        " from (imported_from), so its git history is shown before the document's own",
    )
    parser.add_argument("--dry-run", action="store_true", help="report what would be written; write nothing")
    parser.set_defaults(handler=run, failure="isms import: {error}; nothing was written")


def run(args: argparse.Namespace) -> int:
    from isms.change.conversion import sources
    from isms.change.importer import Choices, allow_extra_fields, plan, remove_sources, write

    root = root_from(args)
    corpus = loaded(root)
    roles = {role.id for role in corpus.settings.roles}
    for name in ("owner", "approver"):
        if getattr(args, name) and getattr(args, name) not in roles:
            raise UsageError(f"--{name} {getattr(args, name)} is not a role of isms.yml ({', '.join(sorted(roles))})")
    choices = Choices(level=Level(args.level) if args.level else None, owner=args.owner, approver=args.approver)
    planned = plan(corpus, sources(args.paths), choices)
    kept = sorted({key for item in planned for key in item.kept} - set(corpus.settings.extra_fields))
    settings_file = root / "isms.yml"
    settings_text = settings_file.read_text(encoding="utf-8")
    new_settings = allow_extra_fields(settings_text, kept)
    for item in planned:
        print(f"{item.target}  ← {item.source}")
        print(f"  id {item.id.value} ({item.id.source}); level {item.level.value} ({item.level.source})")
        print(f'  title "{item.title.value}" ({item.title.source})')
        print(f"  language {item.language.value} ({item.language.source})")
        if item.controls or item.clauses:
            cited = ", ".join((*item.controls, *item.clauses))
            print(f"  cites {cited}")
        for old, new in item.mapped:
            print(f"  {old} (ISO/IEC 27001:2013) → {', '.join(new)}")
        if item.media:
            print(f"  images: {', '.join(path for path, _ in item.media)}")
        if item.kept:
            print(f"  kept front matter: {', '.join(item.kept)}")
        if item.imported_from:
            print(f"  history: the git history of {item.imported_from} comes before its own (imported_from)")
        for point in item.confirm:
            print(f"  confirm {point}")
    if args.dry_run:
        print(f"isms import: {len(planned)} documents planned; --dry-run: nothing was written")
        return EXIT_OK
    written, skipped = write(root, planned)
    for path in skipped:
        print(f"isms import: skipped {path}: it exists (not changed)")
    if args.move:
        for path in remove_sources(root, [item for item in planned if item.target in written]):
            print(f"isms import: removed {path} (moved into the ISMS; commit both together)")
    if new_settings != settings_text:
        replace_file(settings_file, new_settings.encode("utf-8"), stat.S_IMODE(settings_file.stat().st_mode))
        print(f"isms import: isms.yml: extra_fields now allows {', '.join(kept)}")
    documents = sum(1 for item in planned if item.target in written)
    images = len(written) - documents
    print(
        f"isms import: {documents} draft{'s' * (documents != 1)} and {images} image{'s' * (images != 1)} written;"
        " run isms check, then confirm what is listed above in each draft"
    )
    return EXIT_OK
