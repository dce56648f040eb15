"""Demo accounts: one per role, in the agencies that own, lead, report and assess the demo plans.

Every account gets the same password when it is created; a later run never resets it.
"""

from naptrack.demo.data.schema import AccountSpec as Account
from naptrack.organizations.models import Role

DEMO_PASSWORD = "naptrack-demo"
DEMO_EMAIL_DOMAIN = "demo.naptrack.example"

ACCOUNTS = (
    Account(
        username="admin",
        role=Role.ADMIN,
        organization=None,
        first_name="ผู้ดูแลระบบ",
        last_name="(สาธิต)",
        is_superuser=True,
    ),
    # Owner of the Thai measures 2566–2568 and the NAP WPS 2567–2570.
    Account(
        username="coordinator.dwf",
        role=Role.COORDINATOR,
        organization="dwf",
        first_name="ผู้ประสานงาน สค.",
        last_name="(สาธิต)",
    ),
    Account(
        username="reporter.sbpac",
        role=Role.REPORTER,
        organization="sbpac",
        first_name="ผู้รายงาน ศอ.บต.",
        last_name="(สาธิต)",
    ),
    Account(
        username="approver.sbpac",
        role=Role.APPROVER,
        organization="sbpac",
        first_name="ผู้อนุมัติ ศอ.บต.",
        last_name="(สาธิต)",
    ),
    Account(
        username="reporter.rtp",
        role=Role.REPORTER,
        organization="rtp",
        first_name="ผู้รายงาน ตร.",
        last_name="(สาธิต)",
    ),
    Account(
        username="approver.rtp",
        role=Role.APPROVER,
        organization="rtp",
        first_name="ผู้อนุมัติ ตร.",
        last_name="(สาธิต)",
    ),
    Account(
        username="reporter.moi",
        role=Role.REPORTER,
        organization="moi",
        first_name="ผู้รายงาน มท.",
        last_name="(สาธิต)",
    ),
    # Viet Nam: the national plan's owner and the ministry that reports its own plan.
    Account(
        username="coordinator.vn-mofa",
        role=Role.COORDINATOR,
        organization="vn-mofa",
        first_name="Điều phối viên BNG",
        last_name="(demo)",
    ),
    Account(
        username="coordinator.vn-mps",
        role=Role.COORDINATOR,
        organization="vn-mps",
        first_name="Điều phối viên BCA",
        last_name="(demo)",
    ),
    Account(
        username="reporter.vn-mps",
        role=Role.REPORTER,
        organization="vn-mps",
        first_name="Cán bộ báo cáo BCA",
        last_name="(demo)",
    ),
    # ASEAN: SOMSWD coordinates its work plan; Thailand reports as a member state.
    Account(
        username="coordinator.somswd",
        role=Role.COORDINATOR,
        organization="somswd",
        first_name="SOMSWD coordinator",
        last_name="(demo)",
    ),
    Account(
        username="reporter.somswd-th",
        role=Role.REPORTER,
        organization="somswd-th",
        first_name="ผู้รายงานของประเทศไทยต่อ SOMSWD",
        last_name="(สาธิต)",
    ),
    # Bangkok's Gender Equality Seal work.
    Account(
        username="coordinator.bma",
        role=Role.COORDINATOR,
        organization="bma",
        first_name="ผู้ประสานงาน กทม.",
        last_name="(สาธิต)",
    ),
    Account(
        username="reporter.bma-sdd",
        role=Role.REPORTER,
        organization="bma-sdd",
        first_name="ผู้รายงาน สำนักพัฒนาสังคม",
        last_name="(สาธิต)",
    ),
    Account(
        username="reporter.bma-sed",
        role=Role.REPORTER,
        organization="bma-sed",
        first_name="ผู้รายงาน สำนักยุทธศาสตร์ฯ",
        last_name="(สาธิต)",
    ),
    Account(
        username="reporter.bma-csc",
        role=Role.REPORTER,
        organization="bma-csc",
        first_name="ผู้รายงาน สำนักงาน ก.ก.",
        last_name="(สาธิต)",
    ),
    Account(
        username="reporter.bma-bang-rak",
        role=Role.REPORTER,
        organization="bma-bang-rak",
        first_name="ผู้รายงาน เขตบางรัก",
        last_name="(สาธิต)",
    ),
    Account(
        username="assessor.undp",
        role=Role.ASSESSOR,
        organization="undp",
        first_name="UNDP assessor",
        last_name="(demo)",
    ),
    Account(
        username="viewer.unwomen",
        role=Role.VIEWER,
        organization="un-women",
        first_name="UN Women viewer",
        last_name="(demo)",
    ),
)
