"""05_explorer in a real JupyterLab and as a Voilà dashboard, driven through Debian's Chromium with Playwright.

The test serves a temporary copy of the notebooks with JupyterLab on a free local port (no token),
runs every cell, then uses the explorer like a reader: picks a TAG and a period, types a search word,
reads a cable whose text holds `<script>` and `<img onerror=…>`; searches a word, reads the cable
that has it (the word is marked), follows its REF to another cable of the corpus (a second REF says
it is not in the corpus), and exports the selection to CSV. Then Voilà serves the notebook as a
dashboard and the same panel is used there. The numbers the page must show are computed here with
`apply_filters` on the same corpus. Screenshots go to artifacts/browser/.

Needs /usr/bin/chromium (Debian package `chromium`): skipped with a reason without it, failed
under CI=true.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = REPO / "artifacts" / "browser"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
HOSTILE_WORD = "XSSZANZIBAR"
# A cable of our own whose text carries markup that must show as text, never run.
HOSTILE_CABLE = f"""UNCLAS SECTION 01 OF 01 TESTPOST 000001

SIPDIS

E.O. 12958: N/A
TAGS: PREL, KPAO
SUBJECT: {HOSTILE_WORD} NOTE QUOTING <b>MARKUP</b>

1. The ministry's note quoted <script>window.__ct_xss = 1</script> and
<img src=x onerror="window.__ct_xss = 2"> verbatim. {HOSTILE_WORD}.

TESTER
"""

REF_WORD = "ZZREFWORD"
#: a cable of our own whose REF A names a cable of the corpus (filled in by `workdir`) and REF B one
#: that is not in it
REF_CABLE = """UNCLAS SECTION 01 OF 01 TESTPOST 000002

SIPDIS

E.O. 12958: N/A
TAGS: PREL, KPAO
SUBJECT: {word} FOLLOW-UP

REF: A. {station} {number} B. STATE 99999

1. Following up on reftel A, the {word} note was delivered.

TESTER
"""
CORPUS_ID = re.compile(r"(\d{2})([A-Z]{3,})([1-9]\d*)")

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _skip_or_fail(reason: str) -> None:
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def chromium() -> Path:
    if not CHROMIUM.exists():
        _skip_or_fail("no Chromium at /usr/bin/chromium (install the Debian package `chromium`)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _skip_or_fail("playwright is not installed (pip install playwright; no browser download needed)")
    return CHROMIUM


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    """notebooks/ and a corpus (the configured one plus the hostile cable) in a temp dir."""
    root = tmp_path_factory.mktemp("lab")
    source = Path(os.environ.get("CABLETOOLS_DATA") or REPO / "data" / "sample")
    if not source.is_dir() or not any(p.is_file() for p in source.rglob("*") if p.name != "README.md"):
        _skip_or_fail(f"no corpus at {source} (generate data/sample or set CABLETOOLS_DATA to a folder)")
    shutil.copytree(source, root / "corpus", ignore=shutil.ignore_patterns("README.md"))
    (root / "corpus" / "zz_hostile").mkdir()
    (root / "corpus" / "zz_hostile" / "09TESTPOST1.txt").write_text(HOSTILE_CABLE, encoding="utf-8")
    # the REF cable refers to the corpus's first cable named by a plain id, in that cable's year
    named = [m for m in (CORPUS_ID.fullmatch(p.stem) for p in sorted((root / "corpus").rglob("*.txt"))) if m]
    if named:
        year, station, number = named[0].groups()
        (root / "corpus" / "zz_hostile" / f"{year}TESTPOST2.txt").write_text(
            REF_CABLE.format(word=REF_WORD, station=station, number=number), encoding="utf-8")
    (root / "notebooks").mkdir()
    shutil.copy(REPO / "notebooks" / "05_explorer.ipynb", root / "notebooks")
    settings = root / "lab-settings"
    for plugin, values in {
        "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false",
                                                                            "checkForUpdates": False},
        "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none",
                                                                       "autoStartDefaultKernel": True},
    }.items():
        (settings / plugin).parent.mkdir(parents=True, exist_ok=True)
        (settings / plugin).write_text(json.dumps(values))
    return root


@pytest.fixture(scope="module")
def df(workdir):
    """The corpus exactly as the notebook's kernel loads it."""
    import cabletools as ct

    return ct.read_cables(workdir / "corpus", progress=False)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _serve(name: str, args: list[str], workdir: Path, env: dict, ready):
    """Run a server (`args`) in `workdir` until the generator is closed, once `ready()` is true;
    its log goes to artifacts/browser/<name>.log."""
    log_path = workdir / f"{name}.log"
    log = open(log_path, "w")
    server = subprocess.Popen(args, cwd=workdir, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 90
        while not ready():
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"{name} did not start:\n{log_path.read_text()[-3000:]}")
            time.sleep(0.5)
        yield
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        shutil.copy(log_path, ARTIFACTS / log_path.name)


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def _listens(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
        return True
    except OSError:
        return False


@pytest.fixture(scope="module")
def lab(workdir, chromium):
    """A JupyterLab server on a free port; yields its base URL."""
    port = _free_port()
    env = dict(os.environ, CABLETOOLS_DATA=str(workdir / "corpus"),
               JUPYTERLAB_SETTINGS_DIR=str(workdir / "lab-settings"),
               JUPYTERLAB_WORKSPACES_DIR=str(workdir / "lab-workspaces"),
               JUPYTER_RUNTIME_DIR=str(workdir / "runtime"), PYTHONPATH=str(REPO))
    url = f"http://127.0.0.1:{port}"
    for _ in _serve("jupyterlab", [
            sys.executable, "-m", "jupyterlab", "--no-browser", f"--ServerApp.port={port}",
            "--ServerApp.port_retries=0", "--ServerApp.ip=127.0.0.1", "--IdentityProvider.token=",
            "--ServerApp.password=", f"--ServerApp.root_dir={workdir}", "--ServerApp.allow_root=True",
            "--LabApp.news_url=None", "--LabApp.extension_manager=readonly"],
            workdir, env, lambda: _answers(f"{url}/api/status")):
        yield url  # _serve yields once, when the server answers; the loop's end stops it


def _choose(df):
    """A TAG, a year and a word that narrow the corpus step by step (computed, not hard-coded)."""
    from cabletools.filters import FilterSpec, apply_filters
    from cabletools.selection_counts import top_tag_counts

    tag = top_tag_counts(df, top=1).index[0]
    year = int(df["date"].dt.year.value_counts().idxmax())
    period = FilterSpec(tags=[tag], start=f"{year}-01-01", end=f"{year}-12-31")
    base = len(apply_filters(df, period))
    for word in ("minister", "government", "election", "president", "embassy", "security", "the"):
        n = len(apply_filters(df, period.replace(text=word)))
        if 0 < n < base:
            return tag, year, word
    pytest.fail(f"no search word narrows {period.describe()} on this corpus")


def _expected_page(frame, size: int = 20) -> list[str]:
    """The first page the table must show: newest first, ties by cable id (pandas, independent)."""
    ordered = frame.assign(_missing=frame["date"].isna()).sort_values(
        ["_missing", "date", "cable_id"], ascending=[True, False, True], kind="stable")
    return ordered["cable_id"].fillna("").tolist()[:size]


@contextmanager
def _chromium_page(console_file: str, last_screenshot: str | None = None):
    """A tall Chromium page (the whole explorer fits). Its console errors and warnings go to
    artifacts/browser/`console_file`, with a last screenshot if asked; the page must log no
    widget or model error."""
    from playwright.sync_api import sync_playwright

    console: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 2400})
        page.on("console", lambda m: console.append(f"{m.type}: {m.text}") if m.type in ("error", "warning")
                else None)
        page.on("pageerror", lambda e: console.append(f"pageerror: {e}"))
        try:
            yield page
        finally:
            (ARTIFACTS / console_file).write_text("\n".join(console))
            if last_screenshot:
                page.screenshot(path=ARTIFACTS / last_screenshot, full_page=True)
            browser.close()
    widget_errors = [m for m in console if re.search(r"widget|model", m, re.IGNORECASE)]
    assert not widget_errors, widget_errors


def test_explorer_in_jupyterlab(lab, df, workdir):
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import expect

    from cabletools.filters import FilterSpec, apply_filters
    from cabletools.widgets import FilterPanel

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    tag, year, word = _choose(df)
    labels = {value: label for label, value in FilterPanel(df).tag_select.options}
    with _chromium_page("console.txt", last_screenshot="99_last.png") as page:
        page.goto(f"{lab}/lab/tree/notebooks/05_explorer.ipynb", timeout=60_000)
        page.locator(".jp-Notebook").first.wait_for(timeout=60_000)
        select_kernel = page.get_by_role("dialog").get_by_role("button", name="Select", exact=True)
        try:  # older settings may still ask which kernel to start
            select_kernel.click(timeout=5_000)
        except PlaywrightTimeout:
            pass
        page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']").first.wait_for(timeout=60_000)

        # Run > Run All Cells, then wait until every code cell has an execution count
        page.get_by_role("menuitem", name="Run", exact=True).click()
        page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
        page.wait_for_function(
            """() => {
                const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')];
                return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
            }""", timeout=120_000)
        count = page.locator(".ct-count").first
        expect(count).to_have_text(f"{len(df):,} of {len(df):,} cables", timeout=30_000)
        page.screenshot(path=ARTIFACTS / "01_after_run_all.png", full_page=True)

        outputs = page.locator(".jp-OutputArea-output").all_inner_texts()
        assert not [o for o in outputs if "Traceback" in o or re.search(r"\w+Error\b", o)], outputs
        page_text = page.locator(".jp-Notebook").inner_text()
        assert "Loading widget" not in page_text and "Error displaying widget" not in page_text
        assert "model not found" not in page_text.lower()

        explorer = page.locator(".ct-explorer").first
        explorer.scroll_into_view_if_needed()
        table = explorer.locator(".ct-table")
        expect(table.locator("tbody tr")).to_have_count(min(20, len(df)))

        # pick a TAG through the search box, then a period
        explorer.locator(".ct-tag-search input").fill(tag.lower())
        explorer.locator(".ct-tags select").select_option(label=labels[tag])
        spec = FilterSpec(tags=[tag])
        expect(count).to_have_text(f"{len(apply_filters(df, spec)):,} of {len(df):,} cables")
        explorer.locator(".ct-start input[type=date]").fill(f"{year}-01-01")
        explorer.locator(".ct-end input[type=date]").fill(f"{year}-12-31")
        spec = spec.replace(start=f"{year}-01-01", end=f"{year}-12-31")
        expected = apply_filters(df, spec)
        expect(count).to_have_text(f"{len(expected):,} of {len(df):,} cables")
        assert 0 < len(expected) < len(df)

        # type a word: nothing happens per keystroke; Enter runs the search
        explorer.locator(".ct-text input").fill(word)
        explorer.locator(".ct-text input").press("Enter")
        spec = spec.replace(text=word)
        expected = apply_filters(df, spec)
        expect(count).to_have_text(f"{len(expected):,} of {len(df):,} cables")
        expect(explorer.locator(".ct-summary")).to_have_text(spec.describe())
        # the table follows (the label changes first, the views right after)
        expect(table.locator("tbody tr td:nth-child(2)")).to_have_text(_expected_page(expected))
        expect(explorer.locator(".ct-page")).to_contain_text(f"of {len(expected):,}")
        page.screenshot(path=ARTIFACTS / "02_tag_period_word.png", full_page=True)
        explorer.screenshot(path=ARTIFACTS / "02_explorer_whole.png")

        # the hostile cable: found by its word, shown as text in the table and the reader
        explorer.locator(".ct-reset button, button.ct-reset").first.click()
        expect(count).to_have_text(f"{len(df):,} of {len(df):,} cables")
        explorer.locator(".ct-text input").fill(HOSTILE_WORD.lower())
        explorer.locator(".ct-text input").press("Enter")
        expect(count).to_have_text(f"1 of {len(df):,} cables")
        expect(table).to_contain_text("<b>MARKUP</b>")
        explorer.locator(".ct-read select").select_option(index=0)
        reader = explorer.locator(".ct-reader")
        expect(reader.locator(".ct-cable-text")).to_contain_text("<script>window.__ct_xss = 1</script>")
        expect(reader.locator(".ct-cable-text")).to_contain_text('<img src=x onerror="window.__ct_xss = 2">')
        assert reader.locator("script, img").count() == 0
        assert table.locator("b").count() == 0
        assert page.evaluate("() => window.__ct_xss === undefined")
        reader.scroll_into_view_if_needed()
        page.screenshot(path=ARTIFACTS / "03_reader_hostile_cable.png", full_page=True)
        explorer.screenshot(path=ARTIFACTS / "03_explorer_whole.png")

        _read_in_context(page, explorer, count, df, workdir)
        errors = page.locator(".ct-error, .ct-invalid")
        assert errors.count() == 0, errors.all_inner_texts()


def _read_in_context(page, explorer, count, df, workdir):
    """Search a word, read its cable (the word marked), follow a REF, export the selection."""
    from playwright.sync_api import expect

    ref_cable = df[df["subject"].fillna("").str.contains(REF_WORD)]
    assert len(ref_cable) == 1, f"the REF cable is missing from the corpus ({len(ref_cable)} found)"
    known, missing = list(ref_cable["references"].iloc[0])
    target = df[df["cable_id"] == known]
    assert len(target) == 1 and not (df["cable_id"] == missing).any(), (known, missing)

    explorer.locator(".ct-reset button, button.ct-reset").first.click()
    explorer.locator(".ct-text input").fill(REF_WORD.lower())
    explorer.locator(".ct-text input").press("Enter")
    expect(count).to_have_text(f"1 of {len(df):,} cables")
    # the label changes first, the table and its Read menu right after: wait for them
    expect(explorer.locator(".ct-table")).to_contain_text(ref_cable["cable_id"].iloc[0])
    expect(explorer.locator(".ct-read select option")).to_have_count(1)
    explorer.locator(".ct-read select").select_option(index=0)
    reader = explorer.locator(".ct-reader")
    marks = reader.locator(".ct-cable-text mark")
    expect(marks).to_have_count(2)  # subject and paragraph
    expect(marks.first).to_have_text(REF_WORD)
    citation = explorer.locator(".ct-citation")
    expect(citation).to_contain_text(f"cable {ref_cable['cable_id'].iloc[0]}")
    references = explorer.locator(".ct-references")
    expect(references).to_contain_text("not in this corpus")
    expect(references.locator("button", has_text=missing)).to_be_disabled()
    reader.scroll_into_view_if_needed()
    page.screenshot(path=ARTIFACTS / "06_reader_highlight_and_refs.png", full_page=True)
    explorer.screenshot(path=ARTIFACTS / "06_explorer_whole.png")

    references.locator("button", has_text=known).click()
    expect(citation).to_contain_text(f"cable {known}")
    subject = str(target["subject"].iloc[0])
    expect(reader.locator(".ct-cable-text")).to_contain_text(subject.split()[0])
    page.screenshot(path=ARTIFACTS / "07_reader_after_ref_click.png", full_page=True)

    exported = workdir / "notebooks" / "selection.csv"
    exported.unlink(missing_ok=True)
    explorer.locator(".ct-export button, button.ct-export").first.click()
    expect(explorer.locator(".ct-export-message")).to_contain_text("wrote 1 cable to selection.csv")
    import pandas as pd

    rows = pd.read_csv(exported)
    assert rows["cable_id"].tolist() == ref_cable["cable_id"].tolist() and rows["citation"].notna().all()
    page.screenshot(path=ARTIFACTS / "08_exported.png", full_page=True)


@pytest.fixture(scope="module")
def voila(workdir, chromium):
    """Voilà serving 05_explorer as a dashboard on a free port; yields its URL."""
    try:
        import voila as _voila  # noqa: F401
    except ImportError:
        _skip_or_fail("voila is not installed (pip install -e '.[test]' installs it)")
    port = _free_port()
    # the project's dashboard template (share/jupyter/voila/templates/cabletools): offline, and only
    # the cells tagged "dashboard"
    jupyter_path = os.pathsep.join(p for p in (str(REPO / "share" / "jupyter"), os.environ.get("JUPYTER_PATH")) if p)
    env = dict(os.environ, CABLETOOLS_DATA=str(workdir / "corpus"), JUPYTER_RUNTIME_DIR=str(workdir / "runtime"),
               PYTHONPATH=str(REPO), JUPYTER_PATH=jupyter_path)
    # the port listening is enough: a GET of the page would run the notebook
    for _ in _serve("voila", [sys.executable, "-m", "voila", "notebooks/05_explorer.ipynb", "--no-browser",
                              f"--port={port}", "--Voila.ip=127.0.0.1", "--Voila.port_retries=0",
                              "--template=cabletools"],
                    workdir, env, lambda: _listens(port)):
        yield f"http://127.0.0.1:{port}/"


def test_explorer_as_a_voila_dashboard(voila, df):
    """The notebook as a dashboard: Voilà runs it, shows the widgets without the code, and the
    kernel behind the page answers a TAG and a period with the right count. The page fetches nothing
from outside (it must work offline) and the explorer is at the top, not below the notebook."""
    from playwright.sync_api import expect

    from cabletools.filters import FilterSpec, apply_filters
    from cabletools.widgets import FilterPanel

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    tag, year, _ = _choose(df)
    labels = {value: label for label, value in FilterPanel(df).tag_select.options}
    with _chromium_page("voila_console.txt") as page:
        remote: list[str] = []
        page.on("request", lambda r: remote.append(r.url) if r.url.startswith(("http:", "https:"))
                and not r.url.startswith("http://127.0.0.1") else None)  # blob: and data: are local
        page.goto(voila, timeout=120_000)
        count = page.locator(".ct-count").first
        expect(count).to_have_text(f"{len(df):,} of {len(df):,} cables", timeout=120_000)
        page.screenshot(path=ARTIFACTS / "04_voila_dashboard.png", full_page=True)
        text = page.locator("body").inner_text()
        assert "Traceback" not in text and "Loading widget" not in text, text[:2000]
        assert "Error displaying widget" not in text and "model not found" not in text.lower()
        assert "apply_filters(df, spec)" not in text  # code cells are hidden: a dashboard, not a notebook
        assert "Caveats" not in text and "Summary and next steps" not in text  # only the dashboard cells
        assert not remote, f"the dashboard fetched remote resources (fails offline): {remote}"
        top = page.locator(".ct-explorer").first.bounding_box()
        assert top is not None and top["y"] < 400, f"the explorer starts {top} down the page"

        explorer = page.locator(".ct-explorer").first
        explorer.scroll_into_view_if_needed()
        explorer.locator(".ct-tags select").select_option(label=labels[tag])
        spec = FilterSpec(tags=[tag])
        with_tag = len(apply_filters(df, spec))
        expect(count).to_have_text(f"{with_tag:,} of {len(df):,} cables")
        explorer.locator(".ct-start input[type=date]").fill(f"{year}-01-01")
        explorer.locator(".ct-end input[type=date]").fill(f"{year}-12-31")
        expected = apply_filters(df, spec.replace(start=f"{year}-01-01", end=f"{year}-12-31"))
        assert 0 < len(expected) < with_tag < len(df)  # each step changes the count
        expect(count).to_have_text(f"{len(expected):,} of {len(df):,} cables")
        expect(explorer.locator(".ct-table tbody tr td:nth-child(2)")).to_have_text(_expected_page(expected))
        page.screenshot(path=ARTIFACTS / "05_voila_tag_period.png", full_page=True)
