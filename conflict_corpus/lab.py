"""JupyterLab's save, made to write the notebooks as they are committed.

When a kernel starts, JupyterLab fills the notebook's metadata in: the kernel's display name
("Python 3 (ipykernel)") and a ``language_info`` that names this machine's Python version. A
researcher who only opened a notebook and let autosave run would leave a modified file behind,
different on every machine. ``pre_save`` is a Jupyter server pre-save hook (installed into the
project's .venv by ``make setup``, see jupyter/) that writes that metadata back as the
committed notebooks hold it; ``scripts/run_notebooks.py`` writes rendered notebooks with the
same ``normalise_metadata``, so opening and saving without running changes no byte.
"""

from __future__ import annotations

KERNELSPEC = {"display_name": "Python 3", "language": "python", "name": "python3"}
LANGUAGE_INFO = {"name": "python"}


def normalise_metadata(nb) -> None:
    """In place: the kernelspec and language_info of a python3 notebook, as committed."""
    metadata = nb.setdefault("metadata", {})
    if not isinstance(metadata, dict):
        return  # not a notebook's metadata as nbformat writes it: left as it is
    kernelspec = metadata.get("kernelspec") or {}
    if not isinstance(kernelspec, dict) or kernelspec.get("name", "python3") != "python3":
        return  # another kernel's notebook, or a kernelspec written by hand: left as it is
    metadata["kernelspec"] = dict(KERNELSPEC)
    metadata["language_info"] = dict(LANGUAGE_INFO)


def pre_save(model: dict, **kwargs) -> None:
    """Jupyter server ``ContentsManager.pre_save_hook``: normalise a notebook's metadata."""
    if model.get("type") == "notebook" and isinstance(model.get("content"), dict):
        normalise_metadata(model["content"])
