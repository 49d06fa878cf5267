from uptime_sentinel.domain.health import Health, HealthPolicy, HealthState


def test_success_makes_up_and_resets():
    state = HealthPolicy().next_state(HealthState(Health.DOWN, 7), succeeded=True)
    assert state == HealthState(Health.UP, 0)


def test_each_failure_counts_and_makes_down():
    policy = HealthPolicy()
    state = HealthState()
    for expected in (1, 2, 3):
        state = policy.next_state(state, succeeded=False)
        assert state == HealthState(Health.DOWN, expected)


def test_threshold_keeps_health_until_reached():
    policy = HealthPolicy(failures_to_down=3)
    state = HealthState(Health.UP, 0)
    state = policy.next_state(state, False)
    assert state == HealthState(Health.UP, 1)
    state = policy.next_state(policy.next_state(state, False), False)
    assert state == HealthState(Health.DOWN, 3)
