"""The app's Voila settings (app/voila.py), read the way Voila reads them,
and the command every launcher shares (dev.py's ``voila_command``); the
browser tests check what they do in a running app."""

import json
import os
import re
from pathlib import Path

import pytest
from browser_support import OUTSIDE, dev_module
from traitlets.config.loader import PyFileConfigLoader

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app"


def app_config():
    return PyFileConfigLoader("voila.py", path=str(APP)).load_config()


def test_idle_kernels_of_closed_pages_are_culled_and_connected_ones_kept():
    kernels = app_config().MappingKernelManager
    assert 0 < kernels.cull_interval <= kernels.cull_idle_timeout <= 600
    assert kernels.cull_connected is False and kernels.cull_busy is False


def test_the_start_page_lists_notebooks_but_not_their_sources():
    from jupyter_server.services.contents.largefilemanager import LargeFileManager

    manager = LargeFileManager(config=app_config(), root_dir=str(ROOT / "notebooks"))
    names = {entry["name"] for entry in manager.get("")["content"]}
    assert "src" not in names and {"00_tour.ipynb", "01_enrolment.ipynb"} <= names
    assert (ROOT / "notebooks" / "src").is_dir()  # there to hide


def test_the_template_named_in_the_settings_is_the_apps_own_and_extends_lab():
    config = app_config().VoilaConfiguration
    template = APP / "jupyter" / "voila" / "templates" / config.template
    assert json.loads((template / "conf.json").read_text())["base_template"] == "lab"
    assert config.classic_tree is True and (template / "tree.html").exists()
    for page in template.iterdir():
        assert not re.search(r"(src|href)=[\"']?(https?:)?//", page.read_text()), f"{page.name} links to another host"


def test_every_launcher_gets_the_apps_settings_and_template(monkeypatch):
    monkeypatch.setenv("JUPYTER_PATH", "/elsewhere")
    cmd, env = dev_module().voila_command(Path("/venv/bin/voila"), ROOT / "notebooks")
    assert cmd[:2] == ["/venv/bin/voila", str(ROOT / "notebooks")]
    assert f"--Voila.config_file_paths={APP}" in cmd and "--Voila.ip=127.0.0.1" in cmd
    assert env["JUPYTER_PATH"].split(os.pathsep) == [str(APP / "jupyter"), "/elsewhere"]


@pytest.mark.parametrize("url", ["https://cdn.jsdelivr.net/npm/x.css", "http://127.0.0.1.example.org/",
                                 "wss://example.org/socket", "HTTP://cdnjs.cloudflare.com/mathjax.js"])
def test_the_network_guard_catches_other_hosts(url):
    assert OUTSIDE.match(url)


@pytest.mark.parametrize("url", ["http://127.0.0.1:8866/voila/render/00_tour.ipynb", "ws://127.0.0.1:1/api/kernels",
                                 "http://localhost/", "http://[::1]:8866/", "data:;base64,=", "blob:http://x/1"])
def test_the_network_guard_lets_this_machine_through(url):
    assert not OUTSIDE.match(url)
