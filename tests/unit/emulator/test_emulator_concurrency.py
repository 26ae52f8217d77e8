"""Many clients at once, as ansible forks are: every request answered, state consistent."""

import threading

import emulator_testkit as kit
from emulator_testkit import config_entry

THREADS = 8
REQUESTS_PER_THREAD = 20


def test_parallel_clients(emu):
    created = []
    errors = []

    def worker(number):
        client = kit.ApiClient(emu.url, kit.P1, kit.TOKEN_P1)
        try:
            for index in range(REQUESTS_PER_THREAD):
                kind = index % 4
                if kind == 0:
                    response = client.post("/services", {"service_name": "w%d-%d" % (number, index), "infer_type": "real-time",
                                                         "config": [config_entry()]})
                    assert response.status_code == 200, response.text
                    created.append(response.json()["service_id"])
                elif kind == 1:
                    assert client.get("/services", params={"limit": 5}).status_code == 200
                elif kind == 2:
                    response = client.put("/services/%s" % kit.S_RUN, {"description": "by %d" % number})
                    assert response.status_code in (200, 400), response.text
                else:
                    assert client.get("/services/%s" % kit.S_RUN).status_code == 200
        except Exception as exc:  # pylint: disable=broad-except
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(number,)) for number in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert len(created) == len(set(created)) == THREADS * REQUESTS_PER_THREAD // 4
    client = kit.ApiClient(emu.url, kit.P1, kit.TOKEN_P1)
    assert client.get("/services").json()["total_count"] == 3 + len(created)
    assert len(emu.state.requests) == THREADS * REQUESTS_PER_THREAD + 1
    assert sorted(entry["seq"] for entry in emu.state.requests) == list(range(1, len(emu.state.requests) + 1))
    assert client.service(kit.S_RUN)["description"].startswith("by ")


def test_parallel_conflicting_updates_one_wins(emu):
    """Eight clients update the same running service at once: exactly one deploys, the rest get 3519."""
    results = []
    barrier = threading.Barrier(THREADS)

    def worker():
        client = kit.ApiClient(emu.url, kit.P1, kit.TOKEN_P1)
        client.get("/services/%s" % kit.S_RUN)
        barrier.wait()
        response = client.put("/services/%s" % kit.S_RUN, {"config": [config_entry(kit.M2)]})
        results.append((response.status_code, response.json().get("error_code")))

    threads = [threading.Thread(target=worker) for _number in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results, key=str) == sorted([(200, None)] + [(400, "ModelArts.3519")] * (THREADS - 1), key=str)
