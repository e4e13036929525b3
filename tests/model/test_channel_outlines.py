"""scripts/channel_outlines.py: the silhouette of a picture and how closely channel maps follow it."""
import numpy as np

import channel_outlines as co


def test_silhouette_is_the_picture_averaged_per_patch_in_token_order():
    pic = np.zeros((1, 4, 4))
    pic[0, :2, 2:] = 1.0  # the top-right patch of a 2 x 2 grid of 2 x 2 patches
    pic[0, 3, 0] = 0.8    # a quarter of the bottom-left patch
    assert np.allclose(co.silhouette(pic, 2), [0.0, 1.0, 0.2, 0.0])


def test_pearson_rows_is_sign_free_and_zero_for_a_flat_map():
    t = np.array([0.0, 1.0, 2.0, 3.0])
    maps = np.stack([2 * t + 5, -t, np.ones(4), np.array([1.0, 0.0, 0.0, 1.0])])
    assert np.allclose(co.pearson_rows(maps, t), [1.0, 1.0, 0.0, 0.0])


def test_outline_stats_counts_maps_over_the_threshold_without_the_class_token():
    pic = np.zeros((1, 1, 4, 4))
    pic[0, 0, 2:, 2:] = 1.0                      # silhouette over 4 patches: [0, 0, 0, 1]
    sil = np.array([0.0, 0.0, 0.0, 1.0])
    noise = np.array([1.0, -1.0, 1.0, -1.0])     # |r| = 0.58 with the silhouette
    tokens = np.stack([sil, noise, 5 * sil + noise], axis=1)  # [P = 4, D = 3]
    cls = np.full((1, 3), 100.0)                 # the class token would spoil every r if it counted
    hidden = [np.concatenate([cls, tokens])[None]]
    (share, best), = co.outline_stats(hidden, pic, patch=2, prefix=1, threshold=0.7)
    r = co.pearson_rows(tokens.T, sil)
    assert r[0] == 1.0 and r[1] < 0.7 and r[2] >= 0.7
    assert share == 2 / 3 and best == 1.0
