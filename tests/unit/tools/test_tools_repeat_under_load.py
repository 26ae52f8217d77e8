"""tools/repeat_under_load.py: the summary parsing and a real (tiny) repeated run."""

import pytest

from tool_loader import load_tool


@pytest.fixture
def repeat():
    return load_tool("repeat_under_load.py")


def test_parse_counts(repeat):
    output = "....F\nFAILED tests/x.py::test_y\n1 failed, 1040 passed, 5 skipped, 2 errors in 120.5s\n"
    assert repeat.parse_counts(output) == {"failed": 1, "passed": 1040, "skipped": 5, "error": 2}
    assert repeat.parse_counts("no summary") == {}


def test_runs_count_passes_and_failures(repeat, tmp_path, capsys):
    (tmp_path / "test_sample.py").write_text("def test_ok():\n    pass\n")
    assert repeat.main(["--runs", "2", "--workers", "0", "--hog", "1", str(tmp_path)]) == 0
    printed = capsys.readouterr().out
    assert printed.count("PASS  passed=1") == 2 and "passed 2 of 2 runs, failed 0" in printed
    (tmp_path / "test_sample.py").write_text("def test_bad():\n    assert False\n")
    assert repeat.main(["--runs", "1", "--workers", "0", str(tmp_path)]) == 1
    printed = capsys.readouterr().out
    assert "FAIL" in printed and "test_bad" in printed and "failed 1" in printed


def test_hogs_only_beside_the_last_runs_asked_for(repeat, tmp_path, capsys):
    (tmp_path / "test_sample.py").write_text("def test_ok():\n    pass\n")
    assert repeat.main(["--runs", "3", "--workers", "0", "--hog", "1", "--hog-runs", "1", str(tmp_path)]) == 0
    runs = [line for line in capsys.readouterr().out.splitlines() if line.startswith("run ")]
    assert [line.endswith("1 CPU hog(s)") for line in runs] == [False, False, True], runs
