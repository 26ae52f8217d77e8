"""The deployment flavors the emulator offers (GET /v1/{p}/services/specifications).

Names follow both the seeds (modelarts.vm.gpu.p4, modelarts.vm.ai1.a310) and the newer
reference (pnt004, snt3), so playbooks written from either revision find their flavor.
"""

CUSTOM = "custom"


def _flavor(name, category, cpu, memory_gb, gpu=None, npu=None, is_free=False):
    gpu_info = {"unit": "MB", "gpu": 0.0, "memory": 0}
    npu_info = {"unit": "MB", "npu": 0, "memory": 0}
    display = "CPU: %d vCPUs | %d GiB" % (cpu, memory_gb)
    if gpu:
        gpu_info = {"unit": "GB", "brand": "NVIDIA", "version": gpu[0], "gpu": float(gpu[1]), "memory": gpu[2]}
        display += " GPU: %s" % gpu[0]
    if npu:
        npu_info = {"unit": "GB", "brand": "Ascend", "version": npu[0], "npu": npu[1], "memory": npu[2]}
        display += " NPU: %s" % npu[0]
    return {
        "specification": name,
        "billing_spec": name,
        "category": category,
        "cpu_info": {"arch": "x86", "cpu": float(cpu)},
        "memory_info": {"unit": "GB", "memory": memory_gb},
        "gpu_info": gpu_info,
        "npu_info": npu_info,
        "display_en": display,
        "display_cn": display,
        "is_open": True,
        "spec_status": "normal",
        "is_free": is_free,
        "over_quota": False,
        "extend_params": 1,
        "source_type": "",
    }


SPECIFICATIONS = [
    _flavor("modelarts.vm.cpu.free", "CPU", 1, 4, is_free=True),
    _flavor("modelarts.vm.cpu.2u", "CPU", 2, 8),
    _flavor("modelarts.vm.cpu.4u", "CPU", 4, 16),
    _flavor("modelarts.vm.cpu.8u", "CPU", 8, 32),
    _flavor("modelarts.vm.gpu.p4", "GPU", 8, 32, gpu=("P4", 1, 8)),
    _flavor("modelarts.vm.gpu.pnt004", "GPU", 8, 32, gpu=("Pnt004", 1, 16)),
    _flavor("modelarts.vm.gpu.t4", "GPU", 8, 32, gpu=("T4", 1, 16)),
    _flavor("modelarts.vm.ai1.a310", "NPU", 2, 8, npu=("Ascend 310", 1, 8)),
    _flavor("modelarts.vm.ai1.snt3", "NPU", 2, 8, npu=("Snt3", 1, 8)),
]

SPECIFICATION_NAMES = frozenset(flavor["specification"] for flavor in SPECIFICATIONS)
FREE_SPECIFICATIONS = frozenset(flavor["specification"] for flavor in SPECIFICATIONS if flavor["is_free"])
