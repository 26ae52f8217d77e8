"""Tests for tools/check_docsite.py on small sites written here (the real site is `make docsite`'s)."""

import os

import pytest

from tool_loader import load_tool

PAGE = "collections/hwcloud/modelarts/modelarts_service_module.html"


@pytest.fixture
def check_docsite():
    tool = load_tool("check_docsite.py")
    tool.expected_pages = lambda: ["index.html", PAGE]
    return tool


def write(html, path, body):
    target = html / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("<html><body>%s</body></html>" % body, encoding="utf-8")


def site(tmp_path, index_body):
    html = tmp_path / "html"
    write(html, "index.html", index_body)
    write(html, PAGE, '<section id="parameters"><a name="old-anchor"></a></section><a href="../../../index.html">up</a>')
    (html / "_static").mkdir()
    (html / "_static" / "theme.css").write_text("", encoding="utf-8")
    return html


def test_internal_links_and_anchors_that_resolve_pass_and_external_ones_are_not_fetched(check_docsite, tmp_path):
    html = site(tmp_path, '<link href="_static/theme.css"><a href="%s#parameters">p</a><a href="%s#old-anchor">o</a>'
                          '<a href="#top" id="top">t</a><a href="https://docs.ansible.com/">d</a>' % (PAGE, PAGE))
    problems, pages, external = check_docsite.check(str(html))
    assert (problems, pages, external) == ([], 2, 1)
    assert check_docsite.main([str(html)]) == 0


def test_a_missing_file_a_missing_anchor_and_a_missing_page_are_each_named(check_docsite, tmp_path):
    html = site(tmp_path, '<a href="nowhere.html">n</a><a href="%s#no-such-option">o</a>' % PAGE)
    os.remove(str(html / "_static" / "theme.css"))
    write(html, "other.html", '<img src="_static/theme.css">')
    check_docsite.expected_pages = lambda: ["index.html", PAGE, "collections/hwcloud/modelarts/new_module.html"]
    problems, _pages, _external = check_docsite.check(str(html))
    assert sorted(problems) == sorted([
        "missing page: collections/hwcloud/modelarts/new_module.html",
        "index.html: broken link nowhere.html",
        "index.html: no anchor #no-such-option in %s" % PAGE,
        "other.html: broken link _static/theme.css",
    ])
    assert check_docsite.main([str(html)]) == 1


def test_the_pages_expected_are_those_of_the_checkout(tmp_path):
    expected = load_tool("check_docsite.py").expected_pages()
    assert PAGE in expected
    assert "collections/hwcloud/modelarts/modelarts_services_inventory.html" in expected
    assert "collections/hwcloud/modelarts/canary_rollout_role.html" in expected
    assert "collections/hwcloud/modelarts/docsite/awx.html" in expected
