"""Whatever an editor does to a file, the build ends with a message, never a traceback."""

from __future__ import annotations

from datetime import date

from conftest import ROOT, minimal_tree, write_tree
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jointhire import pipeline

# Fragments people (and their editors) really insert: YAML syntax, full-width marks, tags, templates.
FRAGMENTS = ["", ":", "- ", "  ", "\t", "[", "]", "{", "}", "'", '"', "---", "&a ", "*a", "!!python/object:os.system ",
             "null", "~", "no", "011002", "1e9", "-1", "2026-02-30", "令和0年1月1日", "\u3000", "：", "<script>",
             "{{ 7*7 }}", "\n- a\n- b", "x: y", "<<: *a", "? a", "\ufeff", "\r\n", "#"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_edits_end_in_a_result_not_a_crash(tmp_path_factory, data):
    files = minimal_tree()
    rel = data.draw(st.sampled_from(sorted(files)))
    text = files[rel]
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(0, len(text)))
        text = text[:at] + data.draw(st.sampled_from(FRAGMENTS) | st.text(max_size=4)) + text[at:]
    files[rel] = text
    root = write_tree(tmp_path_factory.mktemp("edit"), files)
    result = pipeline.check(root, date(2026, 11, 27))
    assert result.ok or all(str(d.location).startswith(tuple(files) + ("municipalities", "events"))
                            for d in result.diagnostics)


def test_the_bundled_content_checks_clean():
    """The bundled sample is what HR staff copy: it must stay free of errors and warnings."""
    result = pipeline.check(ROOT, date(2026, 11, 27))
    assert [str(d) for d in result.diagnostics] == []
