"""Settings of the app that ``python3 dev.py app`` serves (Voila 0.5 on
jupyter_server 2). Voila reads this file because the app command points
``Voila.config_file_paths`` at this folder; options given on the command
line win over it."""

c = get_config()  # noqa: F821 - defined by traitlets when it loads this file

# Pages: the "twofa" template in app/jupyter/voila/templates/ (Voila's "lab"
# template without its requests to a CDN), and its server-rendered start page.
c.VoilaConfiguration.template = "twofa"
c.VoilaConfiguration.classic_tree = True
c.VoilaConfiguration.extension_denylist = ["jupyterlab-jupytext"]

# The start page lists notebooks only: not notebooks/src, their sources.
c.ContentsManager.hide_globs = ["__pycache__", "*.pyc", "*.pyo", ".DS_Store", "*~", "src"]

# Every page view starts a kernel (about 110 MB). Voila shuts it down when
# the page is left normally; a tab that is killed, a browser that crashes or
# a laptop that sleeps leaves it running. Every minute, a kernel with no
# page connected and no activity for 5 minutes is shut down; a kernel whose
# page is still connected is kept however long it is idle.
c.MappingKernelManager.cull_idle_timeout = 300
c.MappingKernelManager.cull_interval = 60
c.MappingKernelManager.cull_connected = False
c.MappingKernelManager.cull_busy = False
