"""The check that a plain-SQL twin (bench/same_work.py) answers exactly what coachboard answers:
a twin that answers less than coachboard does less work, and its ratios mean nothing. Every
bench that measures against a twin runs it, at every size, --smoke included."""


class TwinDiffers(RuntimeError):
    """The twin's JSON is not coachboard's."""


def check_same_json(name: str, real: object, twin: object) -> None:
    """TwinDiffers, naming the first difference, unless the two JSON documents are the same."""
    difference = first_difference(real, twin)
    if difference:
        raise TwinDiffers(
            f"{name}: the twin's JSON differs from coachboard's: {difference}"
            " (bench/same_work.py must answer what coachboard answers)"
        )


def first_difference(real: object, twin: object, where: str = "$") -> str | None:
    """Where coachboard's JSON and the twin's first differ, and how; None when they are the
    same (a number of another type differs too: 1 is not 1.0 in the bytes sent)."""
    if isinstance(real, dict) and isinstance(twin, dict):
        only_real, only_twin = sorted(real.keys() - twin.keys()), sorted(twin.keys() - real.keys())
        if only_real:
            return f"{where}.{only_real[0]} is in coachboard's answer, not in the twin's"
        if only_twin:
            return f"{where}.{only_twin[0]} is in the twin's answer, not in coachboard's"
        pairs = [(real[key], twin[key], f"{where}.{key}") for key in real]
    elif isinstance(real, list) and isinstance(twin, list):
        if len(real) != len(twin):
            return (
                f"{where} has {len(real)} items in coachboard's answer, {len(twin)} in the twin's"
            )
        pairs = [
            (mine, theirs, f"{where}[{n}]")
            for n, (mine, theirs) in enumerate(zip(real, twin, strict=True))
        ]
    elif real != twin or type(real) is not type(twin):
        return f"{where} is {real!r} in coachboard's answer, {twin!r} in the twin's"
    else:
        return None
    found = (first_difference(*pair) for pair in pairs)
    return next((difference for difference in found if difference), None)
