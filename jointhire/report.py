"""What needs an HR officer's attention, from the model: closing soon, closed without an outcome,
stale entries, municipalities with nothing open. Pure: Site → sections → text or Markdown."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from .dates import format_ja
from .model import Site

CLOSING_SOON_DAYS = 14
STALE_DAYS = 180


@dataclass(frozen=True)
class Section:
    title: str
    items: list[str]
    """One line each, already worded; the source file path in brackets."""


def sections(site: Site) -> list[Section]:
    today = site.today
    soon = [o for o in site.openings if o.status == "open" and (o.meta.closes - today).days <= CLOSING_SOON_DAYS]
    no_outcome = [o for o in site.openings if o.status == "closed" and o.meta.status is None]
    stale_limit = today - timedelta(days=STALE_DAYS)
    stale = [(m.name, m.meta.updated, m.source) for m in site.municipalities
             if m.meta.updated is None or m.meta.updated < stale_limit]
    stale += [(f"{o.municipality.name}「{o.meta.title}」", o.last_modified, o.source) for o in site.openings
              if o.status != "closed" and (o.last_modified is None or o.last_modified < stale_limit)]
    idle = [m for m in site.municipalities if not m.open_openings]
    return [
        Section(f"{CLOSING_SOON_DAYS}日以内に締め切る求人（{len(soon)}件）",
                [f"{format_ja(o.meta.closes)} 締切（あと{(o.meta.closes - today).days}日）: {o.municipality.name}"
                 f"「{o.meta.title}」 [{o.source}]" for o in soon]),
        Section(f"締切後の状況（status）が書かれていない求人（{len(no_outcome)}件）",
                [f"{format_ja(o.meta.closes)} 締切: {o.municipality.name}「{o.meta.title}」 [{o.source}]"
                 for o in no_outcome]),
        Section(f"{STALE_DAYS}日以上更新されていない情報（{len(stale)}件）",
                [f"{name}: {'更新日の記載なし' if day is None else format_ja(day) + ' 更新'} [{source}]"
                 for name, day, source in stale]),
        Section(f"募集中の求人がない自治体（{len(idle)}団体）", [f"{m.name} [{m.source}]" for m in idle]),
    ]


def as_text(site: Site) -> str:
    lines = [f"募集状況レポート（{format_ja(site.today)}）"]
    for section in sections(site):
        lines += ["", f"■ {section.title}"] + [f"  - {item}" for item in section.items or ["なし"]]
    return "\n".join(lines) + "\n"


def as_markdown(site: Site) -> str:
    lines = [f"## 募集状況レポート（{format_ja(site.today)}）"]
    for section in sections(site):
        lines += ["", f"### {section.title}", ""] + [f"- {_md(item)}" for item in section.items or ["なし"]]
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    """Keep Markdown from reading titles as markup."""
    return "".join("\\" + c if c in "\\`*_[]<>#|" else c for c in text)
