from analytics import moving_average, value_at_risk


def test_moving_average_of_three():
    assert moving_average([1.0, 2.0, 3.0, 4.0], 3) == [2.0, 3.0]


def test_value_at_risk_is_worst_loss_at_small_sample():
    assert value_at_risk([-0.05, 0.01, 0.02, -0.01]) == 0.05
