"""Command line: parse options, call the pipeline, print what it found, exit 0/1/2.

Exit status: 0 success, 1 content errors (or the output folder cannot be written),
2 usage errors, 3 an internal error (a bug: please report it with --debug output).
"""

from __future__ import annotations

import json
import os
import sys
import traceback
from datetime import date
from pathlib import Path

import click

from . import dates

EXIT_CONTENT, EXIT_INTERNAL = 1, 3


class BuildDate(click.ParamType):
    name = "YYYY-MM-DD"

    def convert(self, value, param, ctx):
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.fail(f"日付は YYYY-MM-DD で指定してください: {value!r} (expected YYYY-MM-DD)", param, ctx)


def _source_option(f):
    return click.option(
        "--source", type=click.Path(file_okay=False, path_type=Path), default=Path("."), show_default=True,
        help="コンテンツのフォルダ（site.yaml と municipalities/ がある所）。 Content root.")(f)


def _strict_option(f):
    return click.option("--strict", is_flag=True, default=False,
                        help="警告もエラーとして扱う（CI 向け）。 Treat warnings as errors.")(f)


def _today_option(f):
    return click.option(
        "--today", type=BuildDate(), default=None,
        help="この日付で募集状況を決める（既定: 日本の今日、SOURCE_DATE_EPOCH があればその日）。"
             " Build date for open/upcoming/closed.")(f)


class _Commands(click.Group):
    """The commands, `serve` imported only when it is asked for: its web server and file watcher
    would cost every other command 50 ms."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), "serve"])

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name == "serve":
            from .serve import serve_command

            return serve_command
        return super().get_command(ctx, name)


@click.group(cls=_Commands, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="内部エラーの詳細（traceback）を表示する。 Show tracebacks.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """自治体 ICT 職の合同採用サイトを作ります。 Build the joint recruitment site.

    コマンドを省くと build と同じです（同梱のコンテンツを output/ に出力）。

    \b
    Example:
      python build.py
      jointhire build --source content --out public --today 2026-12-01
      jointhire check --source content

    \b
    Exit status: 0 成功 success, 1 内容のエラー content errors,
                 2 使い方の誤り usage error, 3 内部エラー internal error.
    """
    ctx.obj = {"debug": debug}
    if ctx.invoked_subcommand is None:
        ctx.invoke(build_command)


@main.command("build")
@_source_option
@click.option("--out", type=click.Path(path_type=Path), default=Path("output"), show_default=True,
              help="出力先のフォルダ。失敗したときは前回の出力のまま残ります。 Output folder.")
@_today_option
@click.option("--no-search", is_flag=True, default=False,
              help="キーワード検索の索引（Pagefind）を作らない（確認用の速いビルド）。 Skip the search index.")
@click.option("--full", is_flag=True, default=False,
              help="前回の結果を使わず、全ページを作り直す。 Rebuild everything, ignoring every cache.")
@_strict_option
@click.pass_context
def build_command(ctx: click.Context, source: Path = Path("."), out: Path = Path("output"),
                  today: date | None = None, no_search: bool = False, full: bool = False,
                  strict: bool = False) -> None:
    """コンテンツを検証し、サイトを出力します。 Validate the content and write the site.

    \b
    Example:
      jointhire build --source . --out output --today 2026-12-01
    """
    from . import output, pipeline, search

    def run():
        try:
            return pipeline.build(source, out, today or dates.today_in_japan(), search_index=not no_search,
                                  strict=strict, full=full)
        except output.OutputError as exc:
            click.echo(f"エラー: {exc}", err=True)
            sys.exit(EXIT_CONTENT)
        except search.SearchIndexError as exc:
            click.echo(f"エラー: 検索の索引を作れませんでした（{exc}）。出力は変更していません。"
                       " (search indexing failed; output left unchanged)", err=True)
            sys.exit(EXIT_CONTENT)
        except OSError as exc:
            click.echo(f"エラー: 出力先 {out} に書き込めません（{exc.strerror or exc}）。"
                       f" (cannot write the output)", err=True)
            sys.exit(EXIT_CONTENT)

    result = _guarded(ctx, run)
    _report(result)
    if result.ok:
        c = result.counts
        click.echo(f"完了: {out}/ の {result.site_files} ファイルのうち {result.files_changed} ファイルを更新しました"
                   f"（求人: 募集中 {c['open']}・募集前 {c['upcoming']}・募集終了 {c['closed']}、"
                   f"{result.seconds:.2f} 秒）。 (built: {result.files_changed} of {result.site_files} files changed)")
    else:
        click.echo(f"出力は変更していません（{out}/ は前回のまま）。 (output left unchanged)", err=True)
        sys.exit(EXIT_CONTENT)


@main.command("check")
@_source_option
@_today_option
@_strict_option
@click.option("--format", "output_format", type=click.Choice(["text", "github", "json"]), default="text",
              show_default=True,
              help="text: 1 行 1 件 / github: プルリクエストの行に出る注釈 / json: 機械向け。 Output format.")
@click.pass_context
def check_command(ctx: click.Context, source: Path, today: date | None, strict: bool, output_format: str) -> None:
    """コンテンツを検証だけします（何も出力しません）。 Validate only; write nothing.

    .github/CODEOWNERS があれば、maintainers と一致しているかも確かめます。

    \b
    Example:
      jointhire check --source .
      jointhire check --format github --strict
    """
    from . import diagnostics, pipeline

    result = _guarded(ctx, lambda: pipeline.check(source, today or dates.today_in_japan(), strict=strict))
    if output_format == "github":
        for diagnostic in result.diagnostics:
            click.echo(diagnostics.github_annotation(diagnostic))
    elif output_format == "json":
        click.echo(json.dumps({"ok": result.ok, "diagnostics": [diagnostics.as_record(d) for d in result.diagnostics]},
                              ensure_ascii=False, indent=1))
    if output_format != "text":
        sys.exit(0 if result.ok else EXIT_CONTENT)
    _report(result)
    if result.ok:
        site = result.site
        click.echo(f"問題ありません: 自治体 {len(site.municipalities)}・求人 {len(site.openings)}・"
                   f"イベント {len(site.events)}（{result.seconds:.2f} 秒）。 (content is valid)")
    else:
        sys.exit(EXIT_CONTENT)


def _guarded(ctx: click.Context, run):
    """Run a pipeline call; an unexpected exception becomes one line (a traceback only with --debug)."""
    try:
        return run()
    except (SystemExit, KeyboardInterrupt):
        raise
    except Exception as exc:
        if ctx.obj and ctx.obj.get("debug"):
            traceback.print_exc()
        click.echo(f"内部エラーが起きました（{type(exc).__name__}: {exc}）。--debug を付けて再実行し、"
                   f"表示内容を管理者に伝えてください。 (internal error)", err=True)
        sys.exit(EXIT_INTERNAL)


def _report(result) -> None:
    """Every diagnostic, one per line, then a count."""
    for diagnostic in result.diagnostics:
        click.echo(str(diagnostic), err=True)
    errors = sum(d.severity == "error" for d in result.diagnostics)
    warnings = len(result.diagnostics) - errors
    if errors or warnings:
        click.echo(f"エラー {errors} 件、警告 {warnings} 件。 ({errors} error(s), {warnings} warning(s))",
                   err=True)


@main.command("report")
@_source_option
@_today_option
@click.option("--format", "output_format", type=click.Choice(["text", "markdown"]), default="text", show_default=True,
              help="text: 端末向け / markdown: CI のジョブサマリー向け。 Output format.")
@click.pass_context
def report_command(ctx: click.Context, source: Path, today: date | None, output_format: str) -> None:
    """対応が必要な求人・自治体の一覧を出します。 List what needs attention.

    14 日以内に締め切る求人、締切後の status がない求人、180 日以上更新されていない情報、
    募集中の求人がない自治体。

    \b
    Example:
      jointhire report
      jointhire report --format markdown >> "$GITHUB_STEP_SUMMARY"
    """
    from . import pipeline, report

    result = _guarded(ctx, lambda: pipeline.check(source, today or dates.today_in_japan()))
    if result.site is None or not result.ok:
        _report(result)
        sys.exit(EXIT_CONTENT)
    click.echo(report.as_markdown(result.site) if output_format == "markdown" else report.as_text(result.site), nl=False)


@main.command("codeowners")
@_source_option
@click.option("--check", "check_only", is_flag=True, help="書き込まず、最新かどうかだけ確かめる。 Only check.")
@click.pass_context
def codeowners_command(ctx: click.Context, source: Path, check_only: bool) -> None:
    """各自治体の maintainers から .github/CODEOWNERS を書き出します。 Write .github/CODEOWNERS.

    自治体のフォルダを変更するプルリクエストには、その自治体の maintainers の承認が必要になります。

    \b
    Example:
      jointhire codeowners
      jointhire codeowners --check
    """
    from . import codeowners, pipeline, sources

    result = _guarded(ctx, lambda: pipeline.check(source, dates.today_in_japan()))
    if result.site is None or any(d.severity == "error" and d.code != "codeowners-stale" for d in result.diagnostics):
        _report(result)
        sys.exit(EXIT_CONTENT)
    text = codeowners.render(result.site)
    path = source / codeowners.PATH
    if check_only:
        if sources.read_text_if_present(path) != text:
            click.echo(f"{codeowners.PATH} が最新ではありません。`jointhire codeowners` を実行してください。"
                       " (CODEOWNERS is out of date)", err=True)
            sys.exit(EXIT_CONTENT)
        click.echo(f"{codeowners.PATH} は最新です。 (up to date)")
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    click.echo(f"{codeowners.PATH} を書き出しました（{len(result.site.municipalities)} 自治体）。 (written)")


@main.group("new")
def new_group() -> None:
    """自治体・求人・イベントのファイルを作ります（上書きはしません）。 Create a new entry.

    \b
    Example:
      jointhire new opening higashiyamato/dx-engineer-2027
      jointhire new municipality kodaira --name 小平市 --code 132110 --website https://www.city.kodaira.tokyo.jp/
      jointhire new event briefing-2027-01
    """


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a YAML double-quoted scalar, whatever the text


def _create(source: Path, rel: str, model, answers: dict[str, str]) -> None:
    from . import scaffold

    try:
        path = scaffold.write_new(source / rel, model, answers)
    except scaffold.ScaffoldError as exc:
        click.echo(f"エラー: {exc}", err=True)
        sys.exit(EXIT_CONTENT)
    click.echo(f"{rel} を作りました。各項目の説明はファイルの中のコメント（# で始まる行）にあります。"
               f" 書き終えたら `jointhire check` で確かめてください。 (created {path})")


def _slug_argument(value: str, what: str) -> None:
    from . import scaffold

    try:
        scaffold.check_slug(value, what)
    except scaffold.ScaffoldError as exc:
        raise click.BadParameter(str(exc)) from None


@new_group.command("municipality")
@click.argument("slug")
@_source_option
@click.option("--name", prompt="自治体名（例: 東大和市）", help="自治体名。 Name, e.g. 東大和市.")
@click.option("--code", prompt="全国地方公共団体コード 6 桁（例: 132233）", help="団体コード。 6-digit code.")
@click.option("--website", prompt="公式サイトの URL（https://…）", help="公式サイト。 Official website (https).")
def new_municipality(slug: str, source: Path, name: str, code: str, website: str) -> None:
    """自治体のフォルダと municipality.md を作ります。 Create municipalities/SLUG/municipality.md.

    \b
    Example:
      jointhire new municipality kodaira --name 小平市 --code 132110 --website https://www.city.kodaira.tokyo.jp/
    """
    from .schema import MunicipalityFront

    _slug_argument(slug, "フォルダ名")
    _create(source, f"municipalities/{slug}/municipality.md", MunicipalityFront,
            {"name": _quoted(name), "code": _quoted(code), "website": _quoted(website)})


@new_group.command("opening")
@click.argument("where", metavar="MUNICIPALITY/SLUG")
@_source_option
@click.option("--title", prompt="求人のタイトル（例: DX推進担当（情報職・正規職員））", help="タイトル。 Title.")
@click.option("--employment-type", prompt="雇用形態 regular|fixed_term|part_time|side_job|contract",
              type=click.Choice(["regular", "fixed_term", "part_time", "side_job", "contract"]), help="雇用形態。")
@click.option("--closes", prompt="募集締切日（例: 2027-01-31）", help="募集締切日。 Closing date.")
@click.option("--apply", "apply_to", prompt="応募先（https の URL またはメールアドレス）",
              help="応募先の URL かメールアドレス。 Apply URL or e-mail.")
def new_opening(where: str, source: Path, title: str, employment_type: str, closes: str, apply_to: str) -> None:
    """求人のファイルを作ります。 Create municipalities/MUNICIPALITY/openings/SLUG.md.

    \b
    Example:
      jointhire new opening higashiyamato/dx-engineer-2027 --title "DX推進担当" \\
        --employment-type regular --closes 2027-01-31 --apply https://www.city.example.lg.jp/saiyo/
    """
    from .schema import OpeningFront

    municipality, _, slug = where.partition("/")
    _slug_argument(municipality, "自治体のフォルダ名")
    _slug_argument(slug, "ファイル名")
    if not (source / "municipalities" / municipality / "municipality.md").is_file():
        raise click.BadParameter(f"自治体「{municipality}」がありません。先に `jointhire new municipality {municipality}` "
                                 "を実行してください。 (no such municipality)")
    answers = {"title": _quoted(title), "employment_type": employment_type, "closes": closes}
    answers["apply_email" if "@" in apply_to and "://" not in apply_to else "apply_url"] = _quoted(apply_to)
    _create(source, f"municipalities/{municipality}/openings/{slug}.md", OpeningFront, answers)


@new_group.command("event")
@click.argument("slug")
@_source_option
@click.option("--title", prompt="イベント名（例: 合同説明会）", help="イベント名。 Title.")
@click.option("--starts", prompt="開始日時（例: 2027-01-16T14:00）", help="開始日時。 Start (ISO 8601).")
@click.option("--municipalities", prompt="参加する自治体のフォルダ名（カンマ区切り）",
              help="参加自治体のスラッグ（カンマ区切り）。 Comma-separated slugs.")
def new_event(slug: str, source: Path, title: str, starts: str, municipalities: str) -> None:
    """イベントのファイルを作ります。 Create events/SLUG.md.

    \b
    Example:
      jointhire new event briefing-2027-01 --title 合同説明会 --starts 2027-01-16T14:00 \\
        --municipalities higashiyamato,musashino
    """
    from .schema import EventFront

    _slug_argument(slug, "ファイル名")
    members = [m.strip() for m in municipalities.split(",") if m.strip()]
    _create(source, f"events/{slug}.md", EventFront,
            {"title": _quoted(title), "starts": _quoted(starts), "municipalities": "[" + ", ".join(members) + "]"})


def run() -> None:
    """The console entry (`jointhire`, `python build.py`): `main`, then leave without freeing the
    objects a build made one by one (the model and plan of a national site: 0.03 s). Every file is
    written and closed by then; only the standard streams need flushing."""
    try:
        main()
        code = 0
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            code = exc.code or 0
        else:  # sys.exit("message"): Python prints it and exits with 1
            print(exc.code, file=sys.stderr)
            code = 1
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
