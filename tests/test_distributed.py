"""Builds on a Dask cluster: a real LocalCluster of worker processes on loopback builds a corpus
into the same quads as a local build."""
from __future__ import annotations

import socket

import pytest

from conftest import run_kg
from test_corpus import ag_news_slice, graph_sets

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def cluster():
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None, silence_logs=40) as local:
        yield local.scheduler_address


@pytest.mark.slow
def test_a_dask_build_writes_the_quads_of_a_local_build(tmp_path, cluster):
    corpus = ag_news_slice(tmp_path, 200)
    local, remote = tmp_path / "local", tmp_path / "dask"
    assert run_kg("build", corpus, "--store", local, "--columns", "title=2,text=3").exit_code == 0
    result = run_kg("build", corpus, "--store", remote, "--columns", "title=2,text=3", "--batch-size", "16",
                    "--executor", "dask", "--scheduler", cluster, "--shards", tmp_path / "shards")
    assert result.exit_code == 0, result.output
    assert "200 built" in result.stderr
    assert graph_sets(remote) == graph_sets(local)
    shards = sorted((tmp_path / "shards").glob("shard-*.nq"))
    assert len(shards) == 13  # 200 records in batches of 16
    again = run_kg("build", corpus, "--store", remote, "--columns", "title=2,text=3",
                   "--executor", "dask", "--scheduler", cluster)
    assert "0 built, 200 unchanged" in again.stderr, again.output


def test_an_unreachable_scheduler_is_a_usage_error(tmp_path, seed_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = run_kg("build", seed_path, "--store", tmp_path / "s", "--executor", "dask",
                    "--scheduler", f"tcp://127.0.0.1:{port}")
    assert result.exit_code == 2
    assert "cannot reach the Dask scheduler" in result.stderr
    if (tmp_path / "s").exists():  # nothing was written
        from kg.store.local import Store

        with Store(tmp_path / "s", read_only=True) as store:
            assert store.graphs() == []


def test_executor_and_scheduler_go_together(tmp_path, seed_path):
    result = run_kg("build", seed_path, "--store", tmp_path / "s", "--executor", "dask")
    assert result.exit_code == 2 and "--scheduler" in result.stderr
