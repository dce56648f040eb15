"""The demo plans, in the order they are loaded (a plan's parent comes before it)."""

from naptrack.demo.data.plans import (
    asean_somswd_2021,
    bma_gender_seal_2567,
    th_measures_2566,
    th_nap_wps_2567,
    vn_mps_wps_2025,
    vn_nap_wps_2024,
)

PLANS = (
    th_measures_2566.PLAN,
    th_nap_wps_2567.PLAN,
    vn_nap_wps_2024.PLAN,
    vn_mps_wps_2025.PLAN,
    asean_somswd_2021.PLAN,
    bma_gender_seal_2567.PLAN,
)
