import pytest

from uptime_sentinel.domain.errors import InvalidMonitorSpec
from uptime_sentinel.domain.monitor_spec import HttpMethod, MonitorSpec


def test_defaults():
    spec = MonitorSpec.create("Shop", "https://shop.example/health")
    assert (spec.method, spec.interval_seconds, spec.timeout_ms) == (HttpMethod.GET, 60, 5000)


def test_short_interval_gets_a_timeout_below_it():
    assert MonitorSpec.create("a", "http://h", interval_seconds=1).timeout_ms == 800


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"name": ""}, "name", "must not be empty"),
        ({"name": "   "}, "name", "must not be empty"),
        ({"name": "x" * 201}, "name", "at most 200"),
        ({"url": "ftp://h/x"}, "url", "http:// or https://"),
        ({"url": "http://"}, "url", "must name a host"),
        ({"url": "http://h/" + "a" * 2048}, "url", "at most 2048"),
        ({"url": "http://h:99999/"}, "url", "malformed"),
        ({"url": "not a url"}, "url", "http:// or https://"),
        ({"method": "DELETE"}, "method", "GET, POST, HEAD, PUT"),
        ({"interval_seconds": 0}, "interval_seconds", "between 1 and 86400"),
        ({"interval_seconds": 86401}, "interval_seconds", "between 1 and 86400"),
        ({"interval_seconds": True}, "interval_seconds", "integer"),
        ({"timeout_ms": 99}, "timeout_ms", "between 100 and 60000"),
        ({"timeout_ms": 60001, "interval_seconds": 120}, "timeout_ms", "between 100 and 60000"),
        ({"timeout_ms": 5000, "interval_seconds": 5}, "timeout_ms", "below the interval"),
    ],
)
def test_invalid_specs_name_the_field(kwargs, field, message):
    args = {"name": "n", "url": "http://h", **kwargs}
    with pytest.raises(InvalidMonitorSpec) as raised:
        MonitorSpec.create(**args)
    assert raised.value.field == field
    assert message in str(raised.value)


def test_method_is_case_insensitive():
    assert MonitorSpec.create("n", "http://h", method="post").method is HttpMethod.POST


def test_changed_validates_the_whole():
    spec = MonitorSpec.create("n", "http://h", interval_seconds=60, timeout_ms=5000)
    with pytest.raises(InvalidMonitorSpec, match="below the interval"):
        spec.changed(interval_seconds=5)
    with pytest.raises(InvalidMonitorSpec, match="not a monitor field"):
        spec.changed(colour="red")
    assert spec.changed(name="m").name == "m"
