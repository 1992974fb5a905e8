"""Command line: parse options, call the pipeline, print what it found, exit 0/1/2.

Exit status: 0 success, 1 content errors (or the output folder cannot be written),
2 usage errors, 3 an internal error (a bug: please report it with --debug output).
"""

from __future__ import annotations

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


def _today_option(f):
    return click.option(
        "--today", type=BuildDate(), default=None,
        help="この日付で募集状況を決める（既定: 日本の今日、SOURCE_DATE_EPOCH があればその日）。"
             " Build date for open/upcoming/closed.")(f)


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
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
@click.pass_context
def build_command(ctx: click.Context, source: Path = Path("."), out: Path = Path("output"),
                  today: date | None = None, no_search: bool = False) -> None:
    """コンテンツを検証し、サイトを出力します。 Validate the content and write the site.

    \b
    Example:
      jointhire build --source . --out output --today 2026-12-01
    """
    from . import output, pipeline, search

    def run():
        try:
            return pipeline.build(source, out, today or dates.today_in_japan(), search_index=not no_search)
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
        click.echo(f"完了: {result.files_written} ファイルを {out}/ に出力しました"
                   f"（求人: 募集中 {c['open']}・募集前 {c['upcoming']}・募集終了 {c['closed']}、"
                   f"{result.seconds:.2f} 秒）。 (built {result.files_written} files)")
    else:
        click.echo(f"出力は変更していません（{out}/ は前回のまま）。 (output left unchanged)", err=True)
        sys.exit(EXIT_CONTENT)


@main.command("check")
@_source_option
@_today_option
@click.pass_context
def check_command(ctx: click.Context, source: Path, today: date | None) -> None:
    """コンテンツを検証だけします（何も出力しません）。 Validate only; write nothing.

    \b
    Example:
      jointhire check --source .
    """
    from . import pipeline

    result = _guarded(ctx, lambda: pipeline.check(source, today or dates.today_in_japan()))
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
