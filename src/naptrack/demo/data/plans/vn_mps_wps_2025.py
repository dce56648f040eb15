"""The Ministry of Public Security's draft plan to carry out Viet Nam's NAP WPS 2024–2030.

The three themes are those of the ministry's February workshop with UN Women (seed 001); the
ministry was drafting its own plan. Tasks, indicators and every figure are invented for the demo.
"""

import datetime as dt

from naptrack.demo.data.schema import (
    BreakdownFigures,
    IndicatorSpec,
    NodeSpec,
    PlanSpec,
    fig,
    ratio,
    tx,
)
from naptrack.frameworks.models import Aggregation as Agg
from naptrack.frameworks.models import CumulativeMode as Mode
from naptrack.frameworks.models import PlanKind, PlanStatus, ValueType

PLAN = PlanSpec(
    code="vn-mps-wps-2025",
    kind=PlanKind.MINISTRY_PLAN,
    title=tx(
        "แผนของกระทรวงความมั่นคงสาธารณะเวียดนามเพื่อดำเนินการตามแผนปฏิบัติการแห่งชาติว่าด้วยสตรี สันติภาพ และความมั่นคง ค.ศ. 2025–2030 (ร่าง)",
        "Ministry of Public Security plan to implement the National Action Programme on Women, Peace and Security, "
        "2025–2030 (draft)",
        "Kế hoạch của Bộ Công an triển khai thực hiện Chương trình hành động quốc gia về Phụ nữ, Hòa bình và An ninh "
        "giai đoạn 2025–2030 (dự thảo)",
    ),
    short_title=tx(
        "แผน WPS กระทรวงความมั่นคงสาธารณะ (ร่าง)",
        "MPS WPS plan (draft)",
        "Kế hoạch WPS Bộ Công an (dự thảo)",
    ),
    description=tx(
        "ร่างแผนของกระทรวงความมั่นคงสาธารณะที่สนับสนุนแผนปฏิบัติการแห่งชาติ 3 ด้าน: ความเท่าเทียมทางเพศในภาคความมั่นคง "
        "ความร่วมมือระหว่างประเทศในการรักษาสันติภาพ และกองกำลังตำรวจที่คำนึงถึงเพศภาวะ ข้อมูลสาธิต: ตัวชี้วัดและค่าเป้าหมายสมมติ",
        "The ministry's draft plan in support of the national programme, on three themes: gender equality in the "
        "security sector, international cooperation in peacekeeping, and a gender-responsive police force. Demo data: "
        "indicators and targets are invented.",
        "Dự thảo kế hoạch của Bộ Công an nhằm thực hiện Chương trình hành động quốc gia, gồm ba nội dung: bình đẳng "
        "giới trong lĩnh vực an ninh, hợp tác quốc tế về gìn giữ hòa bình và xây dựng lực lượng Công an nhân dân có "
        "trách nhiệm giới. Dữ liệu minh họa: chỉ số và chỉ tiêu là giả định.",
    ),
    owner="vn-mps",
    area="VN",
    parent="vn-nap-wps-2024",
    start=dt.date(2025, 1, 1),
    end=dt.date(2030, 12, 31),
    calendar="gregorian",
    status=PlanStatus.DRAFT,
    languages="vi,en,th",
    levels=(tx("ด้าน", "Theme", "Nội dung"), tx("ภารกิจ", "Task", "Nhiệm vụ")),
    nodes=(
        NodeSpec(
            code="1",
            title=tx(
                "ความเท่าเทียมทางเพศในภาคความมั่นคง",
                "Gender equality in the security sector",
                "Bình đẳng giới trong lĩnh vực an ninh",
            ),
            references=("unscr-1325:participation",),
            children=(
                NodeSpec(
                    code="1.1",
                    title=tx(
                        "ส่งเสริมให้สตรีดำรงตำแหน่งผู้นำและผู้บังคับบัญชาในกองกำลังตำรวจประชาชน",
                        "Bring women into leadership and command posts in the People's Public Security",
                        "Tăng cường nữ cán bộ giữ chức vụ lãnh đạo, chỉ huy trong Công an nhân dân",
                    ),
                    indicators=(
                        IndicatorSpec(
                            code="1.1.1",
                            name=tx(
                                "ร้อยละของเจ้าหน้าที่หญิงในตำแหน่งผู้นำและผู้บังคับบัญชาในกองกำลังตำรวจประชาชน",
                                "Share of women in leadership and command posts in the People's Public Security",
                                "Tỷ lệ nữ cán bộ giữ chức vụ lãnh đạo, chỉ huy trong Công an nhân dân",
                            ),
                            value_type=ValueType.PERCENTAGE,
                            decimals=1,
                            lead="vn-mps",
                            cumulative_mode=Mode.LATEST,
                            aggregation=Agg.RATIO,
                            references=("sdg:5.5.2",),
                            baseline=ratio(420, 6000, period="CY2024", source="Dữ liệu minh họa"),
                            targets={"CY2025": 7.5, "CY2027": 8.5, "CY2030": 10},
                            life_target=10,
                        ),
                        IndicatorSpec(
                            code="1.1.2",
                            name=tx(
                                "จำนวนเจ้าหน้าที่ที่ผ่านการอบรมเรื่องความเท่าเทียมทางเพศและสตรี สันติภาพ และความมั่นคง จำแนกตามเพศ",
                                "Officers trained in gender equality and women, peace and security, by sex",
                                "Số lượt cán bộ Công an được tập huấn về bình đẳng giới và Phụ nữ, Hòa bình và An ninh, phân theo giới tính",
                            ),
                            unit=tx("คน", "persons", "lượt người"),
                            lead="vn-mps",
                            cumulative_mode=Mode.CUMULATIVE,
                            aggregation=Agg.SUM,
                            dimensions=(("sex", None),),
                            baseline=fig(
                                40, period="CY2024", source="Hội thảo tháng 2 (dữ liệu minh họa)"
                            ),
                            targets={
                                "CY2025": 300,
                                "CY2026": 700,
                                "CY2027": 1100,
                                "CY2028": 1500,
                                "CY2029": 1800,
                                "CY2030": 2000,
                            },
                            by=(
                                BreakdownFigures(options=("sex:female",), targets={"CY2030": 900}),
                            ),
                            life_target=2000,
                        ),
                    ),
                ),
            ),
        ),
        NodeSpec(
            code="2",
            title=tx(
                "ความร่วมมือระหว่างประเทศในการปฏิบัติการรักษาสันติภาพ",
                "International cooperation in peacekeeping",
                "Hợp tác quốc tế về gìn giữ hòa bình",
            ),
            references=("asean-rpa-wps:2.2.6",),
            children=(
                NodeSpec(
                    code="2.1",
                    title=tx(
                        "เตรียมความพร้อมและส่งเจ้าหน้าที่ตำรวจหญิงไปปฏิบัติภารกิจรักษาสันติภาพของสหประชาชาติ",
                        "Prepare and deploy women police officers to UN peacekeeping missions",
                        "Chuẩn bị và cử nữ sĩ quan Công an tham gia gìn giữ hòa bình Liên hợp quốc",
                    ),
                    indicators=(
                        IndicatorSpec(
                            code="2.1.1",
                            name=tx(
                                "จำนวนเจ้าหน้าที่ตำรวจหญิงที่ได้รับการส่งไปปฏิบัติภารกิจรักษาสันติภาพของสหประชาชาติ (สะสม)",
                                "Women police officers deployed to UN peacekeeping missions (cumulative)",
                                "Số nữ cán bộ Công an được cử tham gia gìn giữ hòa bình Liên hợp quốc (lũy kế)",
                            ),
                            unit=tx("คน", "persons", "người"),
                            lead="vn-mps",
                            support=(("vn-mofa", False),),
                            cumulative_mode=Mode.CUMULATIVE,
                            aggregation=Agg.SUM,
                            baseline=fig(6, period="CY2024", source="Dữ liệu minh họa"),
                            targets={
                                "CY2025": 4,
                                "CY2026": 8,
                                "CY2027": 12,
                                "CY2028": 16,
                                "CY2029": 20,
                                "CY2030": 24,
                            },
                            life_target=24,
                        ),
                    ),
                ),
            ),
        ),
        NodeSpec(
            code="3",
            title=tx(
                "กองกำลังตำรวจที่คำนึงถึงเพศภาวะ",
                "A gender-responsive police force",
                "Xây dựng lực lượng Công an nhân dân có trách nhiệm giới",
            ),
            references=("unscr-1325:protection",),
            children=(
                NodeSpec(
                    code="3.1",
                    title=tx(
                        "ปรับปรุงการรับแจ้งและดำเนินคดีความรุนแรงบนฐานเพศให้คำนึงถึงผู้เสียหาย",
                        "Make the handling of gender-based violence reports survivor-centred",
                        "Đổi mới tiếp nhận, xử lý tin báo về bạo lực trên cơ sở giới lấy nạn nhân làm trung tâm",
                    ),
                    indicators=(
                        IndicatorSpec(
                            code="3.1.1",
                            name=tx(
                                "มีคู่มือปฏิบัติงานการรับแจ้งและดำเนินการเรื่องความรุนแรงบนฐานเพศที่คำนึงถึงเพศภาวะ",
                                "A gender-responsive manual for receiving and handling reports of gender-based violence is issued",
                                "Có hướng dẫn nghiệp vụ tiếp nhận, xử lý tin báo về bạo lực trên cơ sở giới có lồng ghép giới",
                            ),
                            value_type=ValueType.YES_NO,
                            lead="vn-mps",
                            cumulative_mode=Mode.LATEST,
                            aggregation=Agg.LATEST,
                            baseline=fig(0, period="CY2024"),
                            targets={"CY2025": 0, "CY2026": 1, "CY2030": 1},
                            life_target=1,
                        ),
                        IndicatorSpec(
                            code="3.1.2",
                            name=tx(
                                "จำนวนหน่วยตำรวจระดับจังหวัดที่มีห้องรับแจ้งความที่เป็นมิตรกับผู้เสียหายที่เป็นสตรีและเด็ก",
                                "Provincial police departments with a survivor-friendly room for women and children",
                                "Số Công an cấp tỉnh bố trí phòng tiếp nhận, làm việc thân thiện với nạn nhân là phụ nữ, trẻ em",
                            ),
                            unit=tx("แห่ง", "departments", "đơn vị"),
                            lead="vn-mps",
                            cumulative_mode=Mode.LATEST,
                            aggregation=Agg.SUM,
                            baseline=fig(5, period="CY2024", source="Dữ liệu minh họa"),
                            targets={
                                "CY2025": 8,
                                "CY2026": 12,
                                "CY2027": 18,
                                "CY2028": 24,
                                "CY2029": 30,
                                "CY2030": 34,
                            },
                            life_target=34,
                        ),
                    ),
                ),
            ),
        ),
    ),
)
