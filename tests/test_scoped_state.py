"""The current registry and the registered audit rules are context-local (contextvars)."""

import asyncio
import threading

import participatory as pr
from participatory.testing import isolated_registry


def _names_in_thread() -> set[str]:
    seen: set[str] = set()

    def look() -> None:
        seen.update(s.name for s in pr.catalogues())

    t = threading.Thread(target=look)
    t.start()
    t.join()
    return seen


def test_a_scoped_registry_does_not_leak_into_another_thread():
    mine = pr.Catalogue([pr.Stage(id="only-here", name="Only here", order=1)])
    with isolated_registry(builtins={}) as reg:
        reg.register("scoped-only", mine)
        assert {s.name for s in pr.catalogues()} == {"scoped-only"}
        assert "scoped-only" not in _names_in_thread()
    assert "scoped-only" not in {s.name for s in pr.catalogues()}


def test_scoped_registries_in_concurrent_tasks_stay_apart():
    async def use(name: str) -> set[str]:
        with isolated_registry(builtins={}) as reg:
            reg.register(name, pr.Catalogue([pr.Stage(id=name, name=name, order=1)]))
            await asyncio.sleep(0)  # let the other task run inside its own scope
            return {s.name for s in pr.catalogues()}

    async def both() -> list[set[str]]:
        return list(await asyncio.gather(use("task-a"), use("task-b")))

    assert asyncio.run(both()) == [{"task-a"}, {"task-b"}]


def test_an_audit_rule_registered_in_a_thread_is_not_seen_elsewhere():
    def check(plan, catalogue):
        yield pr.Finding(message="x")

    registered: list[str] = []

    def add() -> None:
        from participatory._audit import SOURCES, rules

        source = next(iter(SOURCES.values()))
        pr.register_rule(
            pr.AuditRule(id="thread-only", title="Thread only", check=check, severity="info", source=source)
        )
        registered.extend(r.id for r in rules())

    t = threading.Thread(target=add)
    t.start()
    t.join()
    assert "thread-only" in registered
    from participatory._audit import rules

    assert "thread-only" not in {r.id for r in rules()}
    assert "no-activities" in {r.id for r in rules()}  # built-in rules are seen everywhere
