"""``backend="ray"``: a sweep's worlds split into the CLI's shards (``--shard I/N``), each run
by one Ray task with the native sweep into a folder of its own on whichever node runs it, its
files sent back, and joined on the caller's machine by ``grassroot merge``'s code: the merged
tables are the unsharded sweep's, byte for byte.

Ray is an optional extra: ``pip install ./crates/grassroot_py[ray]``. The cluster is the one
``ray.init()`` connected to (a local one is started if none was)."""

from __future__ import annotations

import os
import shutil
import tempfile
import weakref
from typing import Any

from . import _core, _progress


def _run_shard(call: dict[str, Any], config: tuple[str, bytes] | None, index: int, count: int) -> dict[str, bytes]:
    """One shard, in a Ray worker: the native sweep of shard ``index`` of ``count`` into a
    temporary folder, whose files are returned by name."""
    with tempfile.TemporaryDirectory(prefix="grassroot-shard-") as tmp:
        call = dict(call)
        if config is not None:
            name, text = config
            path = os.path.join(tmp, name)
            with open(path, "wb") as f:
                f.write(text)
            call["config"] = path
        # The merge reads its tables from the shards' Parquet files, beside the CSVs the
        # caller's OUTPUT_FORMAT may ask for.
        params = [(k, v) for k, v in call["params"] if k.strip().upper() != "OUTPUT_FORMAT"]
        call["params"] = [*params, ("OUTPUT_FORMAT", "both")]
        out = os.path.join(tmp, "shard")
        result = _core.sweep(**call, shard=(index, count), out=out, check_only=False, progress=None)
        files = {}
        for f in result.files:
            with open(f, "rb") as fh:
                files[os.path.basename(f)] = fh.read()
        return files


def sweep_on_ray(call: dict[str, Any], *, shards: int | None, out: str | None, progress: Any) -> Any:
    try:
        import ray
    except ImportError as e:  # pragma: no cover - depends on the install
        raise ImportError("backend='ray' needs Ray: pip install './crates/grassroot_py[ray]' (or pip install ray)") from e
    from ._sweep import Sweep

    # Bad input is refused here, before any task starts, naming the caller's own files.
    _core.sweep(**call, shard=None, out=None, check_only=True, progress=None)
    if not ray.is_initialized():
        ray.init()
    count = shards if shards is not None else max(1, int(ray.cluster_resources().get("CPU", 1)))
    if count < 1:
        raise ValueError(f"shards={count}: at least one shard")
    call = dict(call)
    call["jobs"] = call["jobs"] or 1
    config = None
    if call["config"] is not None:
        with open(call["config"], "rb") as f:
            config = (os.path.basename(call["config"]), f.read())
    task = ray.remote(num_cpus=call["jobs"])(_run_shard)
    refs = [task.remote(call, config, i, count) for i in range(count)]
    bar = _progress.reporter(progress, "grassroot sweep (ray)", "shard")
    try:
        pending = list(refs)
        while pending:
            _, pending = ray.wait(pending, num_returns=1, timeout=0.2)
            if bar is not None:
                bar(count - len(pending), count)
        results = ray.get(refs)
    except BaseException:
        for r in refs:
            ray.cancel(r, force=True)
        raise
    finally:
        if bar is not None:
            bar.close()
    with tempfile.TemporaryDirectory(prefix="grassroot-shards-") as tmp:
        dirs = []
        for i, files in enumerate(results):
            d = os.path.join(tmp, f"shard-{i}")
            os.makedirs(d)
            for name, data in files.items():
                with open(os.path.join(d, name), "wb") as f:
                    f.write(data)
            dirs.append(d)
        target = out
        if target is None:
            target = tempfile.mkdtemp(prefix="grassroot-sweep-")
            os.rmdir(target)
        native = _core.merge(dirs, target)
    result = Sweep(native)
    if out is None:
        result._keep = weakref.finalize(result, shutil.rmtree, target, True)
    return result
