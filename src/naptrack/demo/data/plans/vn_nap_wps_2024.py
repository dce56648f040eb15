"""Viet Nam's National Action Programme on Women, Peace and Security 2024–2030 (Decision 101/QĐ-TTg).

The four objectives are those of the decision (DOMAIN.md). The decision published no numeric
targets: the tasks, indicators and every figure here are invented for the demo.
"""

import datetime as dt

from naptrack.demo.data.schema import (
    BreakdownFigures,
    IndicatorSpec,
    NodeSpec,
    PlanSpec,
    fig,
    ratio,
    text,
    tx,
)
from naptrack.frameworks.models import Aggregation as Agg
from naptrack.frameworks.models import CumulativeMode as Mode
from naptrack.frameworks.models import PlanKind, PlanStatus, ValueType

YEARS = tuple(f"CY{year}" for year in range(2024, 2031))

PLAN = PlanSpec(
    code="vn-nap-wps-2024",
    kind=PlanKind.NATIONAL_ACTION_PLAN,
    title=tx(
        "แผนปฏิบัติการแห่งชาติว่าด้วยสตรี สันติภาพ และความมั่นคงของเวียดนาม ค.ศ. 2024–2030",
        "Viet Nam National Action Programme on Women, Peace and Security 2024–2030",
        "Chương trình hành động quốc gia về Phụ nữ, Hòa bình và An ninh giai đoạn 2024–2030",
    ),
    short_title=tx("NAP WPS เวียดนาม 2024–2030", "Viet Nam NAP WPS 2024–2030", "NAP WPS 2024–2030"),
    description=tx(
        "แผนปฏิบัติการแห่งชาติของเวียดนามตามมติคณะรัฐมนตรีที่ 101/QĐ-TTg ลงวันที่ 25 มกราคม 2024 "
        "มีกระทรวงการต่างประเทศเป็นหน่วยงานหลัก ข้อมูลสาธิต: ภารกิจ ตัวชี้วัด และค่าเป้าหมายจัดทำขึ้นเพื่อการสาธิต "
        "เนื่องจากแผนจริงไม่ได้กำหนดค่าเป้าหมายเชิงตัวเลข",
        "Viet Nam's national programme adopted by Decision 101/QĐ-TTg of 25 January 2024, led by the Ministry of "
        "Foreign Affairs. Demo data: tasks, indicators and targets are invented, since the programme published no "
        "numeric targets.",
        "Chương trình hành động quốc gia ban hành kèm theo Quyết định số 101/QĐ-TTg ngày 25/01/2024 của Thủ tướng "
        "Chính phủ, do Bộ Ngoại giao chủ trì. Dữ liệu minh họa: nhiệm vụ, chỉ số và chỉ tiêu là giả định, vì Chương "
        "trình không công bố chỉ tiêu định lượng.",
    ),
    owner="vn-mofa",
    area="VN",
    start=dt.date(2024, 1, 1),
    end=dt.date(2030, 12, 31),
    calendar="gregorian",
    status=PlanStatus.PUBLISHED,
    adopted_on=dt.date(2024, 1, 25),
    adopted_by="Quyết định số 101/QĐ-TTg của Thủ tướng Chính phủ (Decision 101/QĐ-TTg of the Prime Minister)",
    languages="vi,en,th",
    levels=(tx("เป้าหมาย", "Objective", "Mục tiêu"), tx("ภารกิจ", "Task", "Nhiệm vụ")),
    nodes=(
        NodeSpec(
            code="1",
            title=tx(
                "สตรีมีส่วนร่วมอย่างเต็มที่ เท่าเทียม และมีความหมายในด้านการเมือง การทูต การป้องกันประเทศ ความมั่นคง "
                "ความมั่นคงรูปแบบใหม่ และการรักษาสันติภาพ",
                "Women's full, equal and meaningful participation in politics, diplomacy, defence, security, "
                "non-traditional security and peacekeeping",
                "Bảo đảm sự tham gia đầy đủ, bình đẳng và thực chất của phụ nữ trong các lĩnh vực chính trị, ngoại giao, "
                "quốc phòng, an ninh, an ninh phi truyền thống và gìn giữ hòa bình",
            ),
            references=("unscr-1325:participation", "asean-rpa-wps:2"),
            children=(
                NodeSpec(
                    code="1.1",
                    title=tx(
                        "เพิ่มสัดส่วนสตรีในกองกำลังรักษาสันติภาพของสหประชาชาติที่เวียดนามส่งไป",
                        "Raise the share of women in Viet Nam's UN peacekeeping deployments",
                        "Nâng cao tỷ lệ nữ trong lực lượng tham gia gìn giữ hòa bình Liên hợp quốc",
                    ),
                    references=("asean-rpa-wps:2.2.6",),
                    indicators=(
                        IndicatorSpec(
                            code="1.1.1",
                            name=tx(
                                "ร้อยละของสตรีในบุคลากรของเวียดนามที่ปฏิบัติภารกิจรักษาสันติภาพของสหประชาชาติ",
                                "Share of women among Viet Nam's personnel in UN peacekeeping",
                                "Tỷ lệ nữ trong tổng số cán bộ, chiến sĩ Việt Nam tham gia hoạt động gìn giữ hòa bình Liên hợp quốc",
                            ),
                            value_type=ValueType.PERCENTAGE,
                            decimals=1,
                            lead="vn-mnd",
                            support=("vn-mps",),
                            cumulative_mode=Mode.LATEST,
                            aggregation=Agg.RATIO,
                            references=("sdg:16.7.1",),
                            baseline=ratio(27, 180, period="CY2023", source="Dữ liệu minh họa"),
                            targets={
                                "CY2024": 15,
                                "CY2025": 16,
                                "CY2026": 17,
                                "CY2027": 18,
                                "CY2028": 18,
                                "CY2029": 19,
                                "CY2030": 20,
                            },
                            life_target=20,
                            is_key=True,
                        ),
                    ),
                ),
                NodeSpec(
                    code="1.2",
                    title=tx(
                        "พัฒนาความรู้ด้านสตรี สันติภาพ และความมั่นคงแก่บุคลากรด้านการต่างประเทศ การป้องกันประเทศ และความมั่นคง",
                        "Train staff in foreign affairs, defence and security on women, peace and security",
                        "Bồi dưỡng kiến thức về Phụ nữ, Hòa bình và An ninh cho cán bộ trong lĩnh vực đối ngoại, quốc phòng, an ninh",
                    ),
                    indicators=(
                        IndicatorSpec(
                            code="1.2.1",
                            name=tx(
                                "จำนวนบุคลากรที่ผ่านการอบรมเรื่องสตรี สันติภาพ และความมั่นคง จำแนกตามเพศ",
                                "Staff trained on women, peace and security, by sex",
                                "Số lượt cán bộ được tập huấn về Phụ nữ, Hòa bình và An ninh, phân theo giới tính",
                            ),
                            unit=tx("คน", "persons", "lượt người"),
                            lead="vn-mofa",
                            support=("vn-mps", "vn-mnd", "vn-wu"),
                            cumulative_mode=Mode.CUMULATIVE,
                            aggregation=Agg.SUM,
                            dimensions=(("sex", None),),
                            baseline=fig(0, period="CY2023"),
                            targets={"CY2025": 500, "CY2027": 1200, "CY2030": 2500},
                            by=(
                                BreakdownFigures(options=("sex:female",), targets={"CY2030": 1300}),
                            ),
                            life_target=2500,
                        ),
                    ),
                ),
            ),
        ),
        NodeSpec(
            code="2",
            title=tx(
                "ป้องกันและรับมือกับความรุนแรงบนฐานเพศในเหตุการณ์ ภัยพิบัติ และภัยคุกคามความมั่นคงรูปแบบใหม่",
                "Prevention of and response to gender-based violence in incidents, disasters and non-traditional "
                "security threats",
                "Phòng ngừa, ứng phó với bạo lực trên cơ sở giới trong các sự cố, thảm họa và các thách thức an ninh phi truyền thống",
            ),
            references=(
                "unscr-1325:prevention",
                "unscr-1325:protection",
                "asean-rpa-wps:1",
                "asean-rpa-wps:3",
            ),
            children=(
                NodeSpec(
                    code="2.1",
                    title=tx(
                        "จัดให้มีบริการช่วยเหลือผู้ถูกกระทำความรุนแรงบนฐานเพศในภาวะฉุกเฉินและภัยพิบัติ",
                        "Provide services for survivors of gender-based violence in emergencies and disasters",
                        "Bảo đảm dịch vụ hỗ trợ nạn nhân bạo lực trên cơ sở giới trong tình huống khẩn cấp, thảm họa",
                    ),
                    indicators=(
                        IndicatorSpec(
                            code="2.1.1",
                            name=tx(
                                "ร้อยละของจังหวัดและนครที่มีบริการช่วยเหลือผู้ถูกกระทำความรุนแรงบนฐานเพศในภาวะฉุกเฉิน",
                                "Share of provinces and cities with emergency services for survivors of gender-based violence",
                                "Tỷ lệ tỉnh, thành phố có dịch vụ hỗ trợ nạn nhân bạo lực trên cơ sở giới trong tình huống khẩn cấp",
                            ),
                            value_type=ValueType.PERCENTAGE,
                            decimals=1,
                            lead="vn-wu",
                            support=("vn-mps",),
                            cumulative_mode=Mode.LATEST,
                            aggregation=Agg.RATIO,
                            references=("sdg:5.2.1",),
                            # Out of the 34 provincial-level units in force since July 2025.
                            baseline=ratio(10, 34, period="CY2024", source="Dữ liệu minh họa"),
                            targets={
                                "CY2025": ratio(14, 34),
                                "CY2027": ratio(24, 34),
                                "CY2030": ratio(34, 34),
                            },
                            life_target=100,
                            definition=tx(
                                "ตัวหาร: จำนวนหน่วยการปกครองระดับจังหวัดทั้งหมด (34 แห่งตั้งแต่ 1 กรกฎาคม 2025)",
                                "Denominator: all provincial-level units (34 since 1 July 2025).",
                                "Mẫu số: tổng số đơn vị hành chính cấp tỉnh (34 đơn vị từ ngày 01/7/2025).",
                            ),
                        ),
                        IndicatorSpec(
                            code="2.1.2",
                            name=tx(
                                "มีกระบวนการประสานงานระหว่างหน่วยงานในการรับมือความรุนแรงบนฐานเพศในภาวะภัยพิบัติ",
                                "An inter-agency procedure for responding to gender-based violence in disasters is in place",
                                "Có quy trình phối hợp liên ngành ứng phó với bạo lực trên cơ sở giới trong thảm họa",
                            ),
                            value_type=ValueType.YES_NO,
                            lead="vn-mps",
                            support=("vn-wu",),
                            cumulative_mode=Mode.LATEST,
                            aggregation=Agg.LATEST,
                            baseline=fig(0, period="CY2023"),
                            targets={"CY2024": 0, "CY2025": 0, "CY2026": 1, "CY2030": 1},
                            life_target=1,
                        ),
                    ),
                ),
            ),
        ),
        NodeSpec(
            code="3",
            title=tx(
                "บูรณาการมิติเพศในการบรรเทาทุกข์และการฟื้นฟู รวมถึงการแก้ไขผลกระทบที่สงครามทิ้งไว้",
                "Gender mainstreaming in relief and recovery, including overcoming the legacies of war",
                "Lồng ghép giới trong cứu trợ và phục hồi, bao gồm khắc phục hậu quả chiến tranh",
            ),
            references=("unscr-1325:relief-recovery", "asean-rpa-wps:4"),
            children=(
                NodeSpec(
                    code="3.1",
                    title=tx(
                        "ช่วยเหลือสตรีและเด็กหญิงที่ได้รับผลกระทบจากระเบิดและวัตถุระเบิดตกค้างจากสงคราม",
                        "Support women and girls affected by bombs, mines and explosive remnants of war",
                        "Hỗ trợ phụ nữ, trẻ em gái bị ảnh hưởng bởi bom mìn, vật liệu nổ sau chiến tranh",
                    ),
                    references=("asean-rpa-wps:4.1.2",),
                    indicators=(
                        IndicatorSpec(
                            code="3.1.1",
                            name=tx(
                                "จำนวนสตรีที่ได้รับผลกระทบจากวัตถุระเบิดตกค้างจากสงครามซึ่งได้รับการสนับสนุนด้านอาชีพ",
                                "Women affected by explosive remnants of war who received livelihood support",
                                "Số phụ nữ bị ảnh hưởng bởi bom mìn, vật liệu nổ sau chiến tranh được hỗ trợ sinh kế",
                            ),
                            unit=tx("คน", "persons", "người"),
                            lead="vn-mnd",
                            support=("vn-wu",),
                            cumulative_mode=Mode.PER_PERIOD,
                            aggregation=Agg.SUM,
                            dimensions=(("disability", None),),
                            baseline=fig(300, period="CY2023", source="Dữ liệu minh họa"),
                            targets={year: 300 + 20 * i for i, year in enumerate(YEARS)},
                            life_target=2000,
                            life_target_text=tx(
                                "สตรีไม่น้อยกว่า 2,000 คน (ไม่นับซ้ำ)",
                                "At least 2,000 different women",
                                "Ít nhất 2.000 phụ nữ (không tính trùng)",
                            ),
                        ),
                    ),
                ),
            ),
        ),
        NodeSpec(
            code="4",
            title=tx(
                "ความร่วมมือระหว่างประเทศด้านสตรี สันติภาพ และความมั่นคง",
                "International cooperation on women, peace and security",
                "Hợp tác quốc tế về Phụ nữ, Hòa bình và An ninh",
            ),
            references=("asean-rpa-wps:5",),
            children=(
                NodeSpec(
                    code="4.1",
                    title=tx(
                        "แลกเปลี่ยนประสบการณ์และเข้าร่วมเวทีระดับภูมิภาคและระหว่างประเทศ",
                        "Share experience and take part in regional and international forums",
                        "Chia sẻ kinh nghiệm và tham gia các diễn đàn khu vực, quốc tế",
                    ),
                    indicators=(
                        IndicatorSpec(
                            code="4.1.1",
                            name=tx(
                                "จำนวนกิจกรรมความร่วมมือระหว่างประเทศด้านสตรี สันติภาพ และความมั่นคงที่เวียดนามเป็นเจ้าภาพหรือเจ้าภาพร่วม",
                                "International cooperation activities on women, peace and security hosted or co-hosted by Viet Nam",
                                "Số hoạt động hợp tác quốc tế về Phụ nữ, Hòa bình và An ninh do Việt Nam chủ trì hoặc đồng chủ trì",
                            ),
                            unit=tx("กิจกรรม", "activities", "hoạt động"),
                            lead="vn-mofa",
                            cumulative_mode=Mode.PER_PERIOD,
                            aggregation=Agg.SUM,
                            baseline=fig(2, period="CY2023"),
                            targets={year: 3 for year in YEARS},
                            life_target=20,
                        ),
                        IndicatorSpec(
                            code="4.1.2",
                            name=tx(
                                "ความคืบหน้าการทบทวนกลางแผนและการประเมินผลเมื่อสิ้นสุดแผน",
                                "Progress of the mid-term review and final evaluation of the programme",
                                "Tiến độ sơ kết giữa kỳ và tổng kết việc thực hiện Chương trình",
                            ),
                            value_type=ValueType.MILESTONE,
                            lead="vn-mofa",
                            support=("vn-mps", "vn-mnd", "vn-wu"),
                            cumulative_mode=Mode.LATEST,
                            aggregation=Agg.LATEST,
                            baseline=text(
                                "ยังไม่เริ่ม", "Not started", "Chưa bắt đầu", period="CY2024"
                            ),
                            targets={
                                "CY2027": text(
                                    "รายงานการทบทวนกลางแผนแล้วเสร็จ",
                                    "Mid-term review report completed",
                                    "Hoàn thành báo cáo sơ kết giữa kỳ",
                                ),
                                "CY2030": text(
                                    "รายงานการประเมินผลเมื่อสิ้นสุดแผนแล้วเสร็จ",
                                    "Final evaluation report completed",
                                    "Hoàn thành báo cáo tổng kết",
                                ),
                            },
                            life_target_text=tx(
                                "มีรายงานทบทวนกลางแผนและรายงานสรุปผลเมื่อสิ้นสุดแผน",
                                "Mid-term and final reports completed",
                                "Hoàn thành báo cáo sơ kết và tổng kết",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
)
