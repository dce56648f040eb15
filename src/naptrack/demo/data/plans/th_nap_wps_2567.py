"""Thailand's National Action Plan on Women, Peace and Security 2567–2570.

The four pillars and their order are the plan's own (seed 000). In mid-2024 the plan was still
being drafted with the agencies; the demo shows it as in force. Outcomes, outputs, indicators,
agency assignments and every figure are invented for the demo.
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
from naptrack.frameworks.models import Direction, Frequency, PlanKind, PlanStatus, ValueType

SOUTH = ("TH-90", "TH-94", "TH-95", "TH-96")
PERSONS = tx("คน", "persons", "người")

PLAN = PlanSpec(
    code="th-nap-wps-2567",
    kind=PlanKind.NATIONAL_ACTION_PLAN,
    title=tx(
        "แผนปฏิบัติการด้านสตรี สันติภาพ และความมั่นคง พ.ศ. 2567–2570",
        "National Action Plan on Women, Peace and Security 2024–2027 (B.E. 2567–2570)",
        "Kế hoạch hành động quốc gia về Phụ nữ, Hòa bình và An ninh của Thái Lan 2024–2027",
    ),
    short_title=tx("NAP WPS 2567–2570", "Thailand NAP WPS 2567–2570", "NAP WPS Thái Lan 2024–2027"),
    description=tx(
        "แผนปฏิบัติการระดับชาติที่เชื่อมโยงผลลัพธ์แต่ละด้านกับเสาหลักทั้ง 4 ของวาระสตรี สันติภาพ และความมั่นคง "
        "โดยระบุหน่วยงานที่รับผิดชอบดำเนินการและรายงานผลตัวชี้วัดแต่ละตัว "
        "ข้อมูลสาธิต: ผลลัพธ์ ผลผลิต ตัวชี้วัด หน่วยงาน ค่าฐาน และค่าเป้าหมายจัดทำขึ้นเพื่อการสาธิตเท่านั้น",
        "A national action plan that links each outcome to one of the four pillars of the WPS agenda and names the "
        "agency that carries out and reports each indicator. Demo data: outcomes, outputs, indicators, agencies, "
        "baselines and targets are invented for demonstration.",
    ),
    owner="dwf",
    area="TH",
    start=dt.date(2023, 10, 1),
    end=dt.date(2027, 9, 30),
    calendar="thai_fiscal",
    status=PlanStatus.PUBLISHED,
    levels=(
        tx("เสาหลัก", "Pillar", "Trụ cột"),
        tx("ผลลัพธ์", "Outcome", "Kết quả"),
        tx("ผลผลิต", "Output", "Đầu ra"),
    ),
    nodes=(
        # --- Pillar 1 -------------------------------------------------------------------------
        NodeSpec(
            code="1",
            title=tx(
                "การมีส่วนร่วมและการส่งเสริมศักยภาพ",
                "Participation and Empowerment",
                "Tham gia và trao quyền",
            ),
            references=("unscr-1325:participation", "asean-rpa-wps:2"),
            children=(
                NodeSpec(
                    code="1.1",
                    title=tx(
                        "สตรีมีส่วนร่วมอย่างมีความหมายในกระบวนการตัดสินใจด้านสันติภาพและความมั่นคงทุกระดับ",
                        "Women take a meaningful part in peace and security decisions at every level",
                    ),
                    children=(
                        NodeSpec(
                            code="1.1.1",
                            title=tx(
                                "สตรีได้รับการพัฒนาศักยภาพด้านการเจรจา การไกล่เกลี่ย และการสร้างสันติภาพ",
                                "Women are trained in negotiation, mediation and peacebuilding",
                            ),
                            references=("asean-rpa-wps:2.1.1",),
                            indicators=(
                                IndicatorSpec(
                                    code="1.1.1.1",
                                    name=tx(
                                        "จำนวนผู้ผ่านการอบรมหลักสูตรการไกล่เกลี่ยและการสร้างสันติภาพ จำแนกตามเพศและช่วงอายุ",
                                        "People trained in mediation and peacebuilding, by sex and age group",
                                    ),
                                    unit=PERSONS,
                                    lead="dwf",
                                    support=(
                                        "sbpac-ccw",
                                        "moi",
                                        ("csn-women-weaving-peace", False),
                                    ),
                                    cumulative_mode=Mode.CUMULATIVE,
                                    aggregation=Agg.SUM,
                                    frequency=Frequency.SEMIANNUAL,
                                    dimensions=(("sex", None), ("age-group", None)),
                                    baseline=fig(
                                        350,
                                        period="FY2566",
                                        source="สค. ผลการอบรมตามมาตรการ 2566–2568 (ข้อมูลสาธิต)",
                                    ),
                                    targets={
                                        "FY2567": 250,
                                        "FY2568": 550,
                                        "FY2569": 900,
                                        "FY2570": 1200,
                                    },
                                    by=(
                                        BreakdownFigures(
                                            options=("sex:female",),
                                            baseline=fig(240, period="FY2566"),
                                            targets={
                                                "FY2567": 180,
                                                "FY2568": 400,
                                                "FY2569": 650,
                                                "FY2570": 850,
                                            },
                                        ),
                                        BreakdownFigures(
                                            options=("sex:male",),
                                            baseline=fig(110, period="FY2566"),
                                        ),
                                        BreakdownFigures(
                                            options=("sex:female", "age-group:18-24"),
                                            targets={"FY2570": 200},
                                        ),
                                    ),
                                    life_target=1200,
                                    is_key=True,
                                    definition=tx(
                                        "นับผู้ผ่านการอบรมสะสมตั้งแต่เริ่มแผน (ปีงบประมาณ พ.ศ. 2567) คนละหนึ่งครั้ง "
                                        "ไม่นับผู้ที่ผ่านการอบรมก่อนเริ่มแผน ซึ่งแสดงไว้เป็นค่าฐาน",
                                        "Count each person trained since the plan began (FY 2567) once; people trained "
                                        "before the plan are the baseline, not part of the count.",
                                    ),
                                    means_of_verification=tx(
                                        "ทะเบียนผู้ผ่านการอบรมและรายชื่อผู้เข้าร่วมที่ลงนาม",
                                        "Register of trainees and signed attendance lists",
                                    ),
                                ),
                                IndicatorSpec(
                                    code="1.1.1.2",
                                    name=tx(
                                        "ร้อยละของสตรีในคณะกรรมการและคณะทำงานด้านการสร้างสันติสุขระดับจังหวัดและอำเภอในจังหวัดชายแดนภาคใต้",
                                        "Share of women in provincial and district peacebuilding committees and working groups "
                                        "in the southern border provinces",
                                    ),
                                    value_type=ValueType.PERCENTAGE,
                                    decimals=1,
                                    lead="sbpac",
                                    support=("moi", "isoc"),
                                    cumulative_mode=Mode.LATEST,
                                    aggregation=Agg.RATIO,
                                    dimensions=(("province", SOUTH),),
                                    references=("sdg:16.7.1",),
                                    baseline=ratio(
                                        96, 640, period="FY2566", source="ศอ.บต. (ข้อมูลสาธิต)"
                                    ),
                                    by=(
                                        BreakdownFigures(
                                            options=("province:TH-90",),
                                            baseline=ratio(14, 110, period="FY2566"),
                                            targets={"FY2570": 30},
                                        ),
                                        BreakdownFigures(
                                            options=("province:TH-94",),
                                            baseline=ratio(30, 190, period="FY2566"),
                                            targets={"FY2570": 30},
                                        ),
                                        BreakdownFigures(
                                            options=("province:TH-95",),
                                            baseline=ratio(24, 160, period="FY2566"),
                                            targets={"FY2570": 30},
                                        ),
                                        BreakdownFigures(
                                            options=("province:TH-96",),
                                            baseline=ratio(28, 180, period="FY2566"),
                                            targets={"FY2570": 30},
                                        ),
                                    ),
                                    targets={
                                        "FY2567": 18,
                                        "FY2568": 22,
                                        "FY2569": 26,
                                        "FY2570": 30,
                                    },
                                    life_target=30,
                                    is_key=True,
                                    definition=tx(
                                        "ตัวตั้ง: จำนวนกรรมการและคณะทำงานที่เป็นสตรี ณ สิ้นปีงบประมาณ "
                                        "ตัวหาร: จำนวนกรรมการและคณะทำงานทั้งหมด ณ วันเดียวกัน",
                                        "Numerator: women members at the end of the fiscal year. Denominator: all members on the same day.",
                                    ),
                                ),
                            ),
                        ),
                        NodeSpec(
                            code="1.1.2",
                            title=tx(
                                "สตรีได้รับโอกาสในตำแหน่งบริหารและตำแหน่งปฏิบัติการของหน่วยงานด้านความมั่นคง",
                                "Women hold leadership and operational posts in security agencies",
                            ),
                            references=("asean-rpa-wps:2.2.6",),
                            indicators=(
                                IndicatorSpec(
                                    code="1.1.2.1",
                                    name=tx(
                                        "ร้อยละของข้าราชการตำรวจหญิงในตำแหน่งระดับสารวัตรขึ้นไป",
                                        "Share of women among police officers of inspector rank and above",
                                    ),
                                    value_type=ValueType.PERCENTAGE,
                                    decimals=1,
                                    lead="rtp",
                                    cumulative_mode=Mode.LATEST,
                                    aggregation=Agg.RATIO,
                                    references=("sdg:5.5.2", "sdg:16.7.1"),
                                    baseline=ratio(
                                        1510, 21600, period="FY2566", source="ตร. (ข้อมูลสาธิต)"
                                    ),
                                    targets={
                                        "FY2567": 7.5,
                                        "FY2568": 8,
                                        "FY2569": 8.5,
                                        "FY2570": 9,
                                    },
                                    life_target=9,
                                ),
                                IndicatorSpec(
                                    code="1.1.2.2",
                                    name=tx(
                                        "จำนวนบุคลากรหญิงที่ปฏิบัติภารกิจรักษาสันติภาพของสหประชาชาติ ณ สิ้นปีงบประมาณ",
                                        "Women serving in UN peacekeeping missions at the end of the fiscal year",
                                    ),
                                    unit=PERSONS,
                                    lead="mod-th",
                                    support=("rtp", ("mfa-th", False)),
                                    cumulative_mode=Mode.LATEST,
                                    aggregation=Agg.SUM,
                                    references=("asean-rpa-wps:2.2.6",),
                                    baseline=fig(28, period="FY2566", source="กห. (ข้อมูลสาธิต)"),
                                    targets={
                                        "FY2567": 30,
                                        "FY2568": 34,
                                        "FY2569": 38,
                                        "FY2570": 42,
                                    },
                                    life_target=42,
                                ),
                            ),
                        ),
                    ),
                ),
                NodeSpec(
                    code="1.2",
                    title=tx(
                        "เครือข่ายสตรีในพื้นที่มีความเข้มแข็งและมีบทบาทในการสร้างสันติสุข",
                        "Local women's networks are strong and help build peace",
                    ),
                    children=(
                        NodeSpec(
                            code="1.2.1",
                            title=tx(
                                "เครือข่ายสตรีและภาคประชาสังคมในจังหวัดชายแดนภาคใต้ได้รับการสนับสนุน",
                                "Women's and civil-society networks in the southern border provinces receive support",
                            ),
                            indicators=(
                                IndicatorSpec(
                                    code="1.2.1.1",
                                    name=tx(
                                        "จำนวนเครือข่ายสตรีที่ได้รับการสนับสนุนให้ดำเนินกิจกรรมสร้างสันติสุขในจังหวัดชายแดนภาคใต้",
                                        "Women's networks supported to run peacebuilding activities in the southern border provinces",
                                    ),
                                    unit=tx("เครือข่าย", "networks"),
                                    lead="sbpac-ccw",
                                    support=(
                                        "dwf",
                                        "csn-women-weaving-peace",
                                        "csn-young-women-narathiwat",
                                    ),
                                    cumulative_mode=Mode.PER_PERIOD,
                                    aggregation=Agg.SUM,
                                    dimensions=(("province", SOUTH),),
                                    baseline=fig(45, period="FY2566", source="ศป.ดส. (ข้อมูลสาธิต)"),
                                    targets={
                                        "FY2567": 50,
                                        "FY2568": 55,
                                        "FY2569": 60,
                                        "FY2570": 65,
                                    },
                                    # Networks supported in several years count once over the plan.
                                    life_target=80,
                                    life_target_text=tx(
                                        "เครือข่ายที่ได้รับการสนับสนุนตลอดระยะแผนไม่น้อยกว่า 80 เครือข่าย (ไม่นับซ้ำ)",
                                        "At least 80 different networks supported over the life of the plan",
                                    ),
                                ),
                            ),
                        ),
                    ),
                ),
                NodeSpec(
                    code="1.3",
                    title=tx(
                        "ประเทศไทยมีบทบาทในความร่วมมือด้านสตรี สันติภาพ และความมั่นคงระดับภูมิภาคและระหว่างประเทศ",
                        "Thailand plays its part in regional and international cooperation on women, peace and security",
                    ),
                    children=(
                        NodeSpec(
                            code="1.3.1",
                            title=tx(
                                "ประเทศไทยแลกเปลี่ยนประสบการณ์ในเวทีอาเซียนและสหประชาชาติ",
                                "Thailand shares its experience in ASEAN and UN forums",
                            ),
                            references=("asean-rpa-wps:5.1.1",),
                            indicators=(
                                IndicatorSpec(
                                    code="1.3.1.1",
                                    name=tx(
                                        "จำนวนเวทีระดับภูมิภาคและระหว่างประเทศที่ประเทศไทยนำเสนอความก้าวหน้าด้านสตรี สันติภาพ และความมั่นคง",
                                        "Regional and international forums where Thailand presents its progress on women, peace and security",
                                    ),
                                    unit=tx("เวที", "forums"),
                                    lead="mfa-th",
                                    support=("dwf",),
                                    cumulative_mode=Mode.PER_PERIOD,
                                    aggregation=Agg.SUM,
                                    baseline=fig(2, period="FY2566"),
                                    targets={"FY2567": 3, "FY2568": 3, "FY2569": 4, "FY2570": 4},
                                    life_target=12,
                                    life_target_text=tx(
                                        "อย่างน้อย 12 เวทีตลอดระยะแผน",
                                        "At least 12 forums over the plan",
                                    ),
                                ),
                            ),
                        ),
                    ),
                ),
            ),
        ),
        # --- Pillar 2 -------------------------------------------------------------------------
        NodeSpec(
            code="2",
            title=tx("การคุ้มครองพิทักษ์สิทธิ", "Protection", "Bảo vệ"),
            references=("unscr-1325:protection", "asean-rpa-wps:1"),
            children=(
                NodeSpec(
                    code="2.1",
                    title=tx(
                        "สตรีและเด็กที่ได้รับผลกระทบจากความรุนแรงได้รับการคุ้มครองและเข้าถึงความยุติธรรม",
                        "Women and children affected by violence are protected and can obtain justice",
                    ),
                    children=(
                        NodeSpec(
                            code="2.1.1",
                            title=tx(
                                "ผู้ถูกกระทำความรุนแรงด้วยเหตุแห่งเพศได้รับความช่วยเหลืออย่างรวดเร็วและครบวงจร",
                                "People subjected to gender-based violence get fast and complete help",
                            ),
                            references=("asean-rpa-wps:1.1.2",),
                            indicators=(
                                IndicatorSpec(
                                    code="2.1.1.1",
                                    name=tx(
                                        "ร้อยละของผู้ถูกกระทำความรุนแรงด้วยเหตุแห่งเพศที่ได้รับการช่วยเหลือภายใน 24 ชั่วโมงนับแต่ได้รับแจ้ง",
                                        "Share of people subjected to gender-based violence who were helped within 24 hours of the report",
                                    ),
                                    value_type=ValueType.PERCENTAGE,
                                    decimals=1,
                                    lead="dwf",
                                    support=("rtp", "ops-msdhs"),
                                    cumulative_mode=Mode.PER_PERIOD,
                                    aggregation=Agg.RATIO,
                                    frequency=Frequency.SEMIANNUAL,
                                    dimensions=(("sex", None),),
                                    references=("sdg:5.2.1", "sdg:5.2.2"),
                                    baseline=ratio(
                                        1845,
                                        2460,
                                        period="FY2566",
                                        source="ศูนย์ช่วยเหลือสังคม 1300 (ข้อมูลสาธิต)",
                                    ),
                                    targets={
                                        "FY2567": ratio(2000, 2500),
                                        "FY2568": ratio(2125, 2500),
                                        "FY2569": ratio(2250, 2500),
                                        "FY2570": ratio(2375, 2500),
                                    },
                                    by=(
                                        BreakdownFigures(
                                            options=("sex:female",),
                                            baseline=ratio(1620, 2150, period="FY2566"),
                                        ),
                                        BreakdownFigures(
                                            options=("sex:male",),
                                            baseline=ratio(225, 310, period="FY2566"),
                                        ),
                                    ),
                                    life_target=95,
                                    life_target_text=tx(
                                        "ไม่น้อยกว่าร้อยละ 95 ในปีงบประมาณ พ.ศ. 2570",
                                        "At least 95 per cent in fiscal year 2570",
                                    ),
                                    is_key=True,
                                    definition=tx(
                                        "ตัวตั้ง: จำนวนผู้ถูกกระทำความรุนแรงด้วยเหตุแห่งเพศที่ได้รับการช่วยเหลือภายใน 24 ชั่วโมงนับแต่ได้รับแจ้ง "
                                        "ตัวหาร: จำนวนผู้ถูกกระทำความรุนแรงด้วยเหตุแห่งเพศที่ได้รับแจ้งทั้งหมดในรอบรายงาน",
                                        "Numerator: people subjected to gender-based violence who were helped within 24 hours of "
                                        "the report. Denominator: all such people reported in the period.",
                                    ),
                                    means_of_verification=tx(
                                        "ระบบบันทึกการรับแจ้งและการให้ความช่วยเหลือของศูนย์ช่วยเหลือสังคม",
                                        "Case records of the social assistance centre",
                                    ),
                                ),
                                IndicatorSpec(
                                    code="2.1.1.2",
                                    name=tx(
                                        "จำนวนพนักงานสอบสวนหญิงที่ปฏิบัติงานในสถานีตำรวจในจังหวัดชายแดนภาคใต้",
                                        "Women inquiry officers working at police stations in the southern border provinces",
                                    ),
                                    unit=PERSONS,
                                    lead="rtp",
                                    cumulative_mode=Mode.LATEST,
                                    aggregation=Agg.SUM,
                                    dimensions=(("province", SOUTH),),
                                    baseline=fig(62, period="FY2566", source="ตร. (ข้อมูลสาธิต)"),
                                    targets={
                                        "FY2567": 70,
                                        "FY2568": 78,
                                        "FY2569": 86,
                                        "FY2570": 95,
                                    },
                                    by=(
                                        BreakdownFigures(
                                            options=("province:TH-90",), targets={"FY2570": 20}
                                        ),
                                        BreakdownFigures(
                                            options=("province:TH-94",), targets={"FY2570": 25}
                                        ),
                                        BreakdownFigures(
                                            options=("province:TH-95",), targets={"FY2570": 22}
                                        ),
                                        BreakdownFigures(
                                            options=("province:TH-96",), targets={"FY2570": 28}
                                        ),
                                    ),
                                    life_target=95,
                                ),
                            ),
                        ),
                        NodeSpec(
                            code="2.1.2",
                            title=tx(
                                "มีระเบียบและแนวปฏิบัติคุ้มครองสตรีและเด็กในสถานการณ์ความไม่สงบ",
                                "Rules and procedures protect women and children in the unrest",
                            ),
                            indicators=(
                                IndicatorSpec(
                                    code="2.1.2.1",
                                    name=tx(
                                        "มีระเบียบปฏิบัติร่วมระหว่างหน่วยงาน (SOP) ในการคุ้มครองและส่งต่อสตรีและเด็กที่ได้รับผลกระทบในจังหวัดชายแดนภาคใต้",
                                        "An inter-agency standard operating procedure for protecting and referring affected women "
                                        "and children in the southern border provinces is in force",
                                    ),
                                    value_type=ValueType.YES_NO,
                                    lead="sbpac",
                                    support=("rtp", "isoc", "dwf"),
                                    cumulative_mode=Mode.LATEST,
                                    aggregation=Agg.LATEST,
                                    baseline=fig(0, period="FY2566"),
                                    targets={"FY2567": 0, "FY2568": 1, "FY2569": 1, "FY2570": 1},
                                    life_target=1,
                                    means_of_verification=tx(
                                        "ระเบียบปฏิบัติที่ลงนามโดยหัวหน้าหน่วยงานที่เกี่ยวข้อง",
                                        "The procedure signed by the heads of the agencies",
                                    ),
                                ),
                                IndicatorSpec(
                                    code="2.1.2.2",
                                    name=tx(
                                        "ความคืบหน้าการจัดทำแนวปฏิบัติการสอบสวนคดีความรุนแรงทางเพศที่ยึดผู้เสียหายเป็นศูนย์กลาง",
                                        "Progress of survivor-centred guidelines for investigating sexual violence",
                                    ),
                                    value_type=ValueType.MILESTONE,
                                    lead="rtp",
                                    support=("dwf",),
                                    cumulative_mode=Mode.LATEST,
                                    aggregation=Agg.LATEST,
                                    frequency=Frequency.SEMIANNUAL,
                                    baseline=text(
                                        "ยังไม่มีแนวปฏิบัติเฉพาะ",
                                        "No specific guideline yet",
                                        period="FY2566",
                                    ),
                                    targets={
                                        "FY2567": text(
                                            "แต่งตั้งคณะทำงานและยกร่างแนวปฏิบัติ",
                                            "Working group set up; guideline drafted",
                                        ),
                                        "FY2568": text(
                                            "รับฟังความคิดเห็นจากหน่วยงานและภาคประชาสังคม",
                                            "Agencies and civil society consulted",
                                        ),
                                        "FY2569": text("ประกาศใช้แนวปฏิบัติ", "Guideline issued"),
                                        "FY2570": text(
                                            "ติดตามและทบทวนการนำไปใช้",
                                            "Use of the guideline reviewed",
                                        ),
                                    },
                                    life_target_text=tx(
                                        "ประกาศใช้แนวปฏิบัติและนำไปใช้ในสถานีตำรวจทุกแห่งในจังหวัดชายแดนภาคใต้",
                                        "Guideline issued and in use at every police station in the southern border provinces",
                                    ),
                                ),
                            ),
                        ),
                    ),
                ),
            ),
        ),
        # --- Pillar 3 -------------------------------------------------------------------------
        NodeSpec(
            code="3",
            title=tx("การป้องกัน", "Prevention", "Phòng ngừa"),
            references=("unscr-1325:prevention", "asean-rpa-wps:3"),
            children=(
                NodeSpec(
                    code="3.1",
                    title=tx(
                        "ความรุนแรงต่อสตรีและเด็กในพื้นที่ที่ได้รับผลกระทบจากสถานการณ์ความไม่สงบลดลง",
                        "Less violence against women and children in the areas affected by the unrest",
                    ),
                    children=(
                        NodeSpec(
                            code="3.1.1",
                            title=tx(
                                "มีระบบเฝ้าระวังและเตือนภัยที่คำนึงถึงมิติเพศภาวะ",
                                "Gender-responsive watch and early-warning systems",
                            ),
                            references=("asean-rpa-wps:3.1.4",),
                            indicators=(
                                IndicatorSpec(
                                    code="3.1.1.1",
                                    name=tx(
                                        "จำนวนสตรีและเด็กที่ได้รับบาดเจ็บหรือเสียชีวิตจากเหตุความไม่สงบในจังหวัดชายแดนภาคใต้",
                                        "Women and children injured or killed in incidents of unrest in the southern border provinces",
                                    ),
                                    unit=PERSONS,
                                    direction=Direction.DECREASE,
                                    lead="sbpac",
                                    support=("isoc", "rtp"),
                                    cumulative_mode=Mode.PER_PERIOD,
                                    aggregation=Agg.SUM,
                                    frequency=Frequency.QUARTERLY,
                                    dimensions=(("province", SOUTH), ("sex", ("female", "male"))),
                                    references=("sdg:16.1.2",),
                                    baseline=fig(118, period="FY2566", source="ศอ.บต. (ข้อมูลสาธิต)"),
                                    by=(
                                        BreakdownFigures(
                                            options=("province:TH-90",),
                                            baseline=fig(14, period="FY2566"),
                                        ),
                                        BreakdownFigures(
                                            options=("province:TH-94",),
                                            baseline=fig(38, period="FY2566"),
                                        ),
                                        BreakdownFigures(
                                            options=("province:TH-95",),
                                            baseline=fig(30, period="FY2566"),
                                        ),
                                        BreakdownFigures(
                                            options=("province:TH-96",),
                                            baseline=fig(36, period="FY2566"),
                                        ),
                                    ),
                                    targets={
                                        "FY2567": 105,
                                        "FY2568": 95,
                                        "FY2569": 85,
                                        "FY2570": 75,
                                    },
                                    life_target_text=tx(
                                        "ลดลงไม่น้อยกว่าร้อยละ 35 ในปีงบประมาณ พ.ศ. 2570 เมื่อเทียบกับปีฐาน",
                                        "At least 35 per cent fewer in fiscal year 2570 than in the baseline year",
                                    ),
                                    is_key=True,
                                    definition=tx(
                                        "นับสตรีทุกวัยและเด็กชายอายุต่ำกว่า 18 ปีที่ได้รับบาดเจ็บหรือเสียชีวิตจากเหตุความไม่สงบในรอบรายงาน",
                                        "Count women of any age and boys under 18 injured or killed in incidents of unrest in the period.",
                                    ),
                                ),
                                IndicatorSpec(
                                    code="3.1.1.2",
                                    name=tx(
                                        "มีระบบข้อมูลกลางด้านความรุนแรงต่อสตรีและเด็กที่จำแนกตามเพศ อายุ และพื้นที่ และเชื่อมโยงระหว่างหน่วยงาน",
                                        "A shared data system on violence against women and children, by sex, age and area, "
                                        "linked between agencies",
                                    ),
                                    value_type=ValueType.YES_NO,
                                    lead="nso-th",
                                    support=("dwf", "sbpac"),
                                    cumulative_mode=Mode.LATEST,
                                    aggregation=Agg.MAXIMUM,
                                    baseline=fig(0, period="FY2566"),
                                    targets={"FY2567": 0, "FY2568": 0, "FY2569": 1, "FY2570": 1},
                                    life_target=1,
                                ),
                            ),
                        ),
                        NodeSpec(
                            code="3.1.2",
                            title=tx(
                                "ประชาชนในพื้นที่รู้สึกปลอดภัยในชีวิตประจำวัน",
                                "People in the area feel safe in daily life",
                            ),
                            indicators=(
                                IndicatorSpec(
                                    code="3.1.2.1",
                                    name=tx(
                                        "ร้อยละของประชาชนในจังหวัดชายแดนภาคใต้ที่รู้สึกปลอดภัยเมื่อเดินคนเดียวในละแวกบ้านหลังมืดค่ำ จำแนกตามเพศ",
                                        "Share of people in the southern border provinces who feel safe walking alone near home "
                                        "after dark, by sex",
                                    ),
                                    value_type=ValueType.PERCENTAGE,
                                    decimals=1,
                                    lead="nso-th",
                                    support=("sbpac",),
                                    cumulative_mode=Mode.PER_PERIOD,
                                    aggregation=Agg.RATIO,
                                    dimensions=(("sex", ("female", "male")),),
                                    references=("sdg:16.1.4",),
                                    baseline=ratio(
                                        1932,
                                        3450,
                                        period="FY2566",
                                        source="สสช. การสำรวจตัวอย่าง (ข้อมูลสาธิต)",
                                    ),
                                    by=(
                                        BreakdownFigures(
                                            options=("sex:female",),
                                            baseline=ratio(861, 1760, period="FY2566"),
                                            targets={
                                                "FY2567": 52,
                                                "FY2568": 55,
                                                "FY2569": 58,
                                                "FY2570": 61,
                                            },
                                        ),
                                        BreakdownFigures(
                                            options=("sex:male",),
                                            baseline=ratio(1071, 1690, period="FY2566"),
                                        ),
                                    ),
                                    targets={
                                        "FY2567": 58,
                                        "FY2568": 60,
                                        "FY2569": 63,
                                        "FY2570": 65,
                                    },
                                    life_target=65,
                                    means_of_verification=tx(
                                        "การสำรวจความปลอดภัยของประชาชนโดยสำนักงานสถิติแห่งชาติ",
                                        "NSO survey of public safety",
                                    ),
                                ),
                            ),
                        ),
                    ),
                ),
                NodeSpec(
                    code="3.2",
                    title=tx(
                        "นโยบายด้านความมั่นคงบูรณาการมิติเพศภาวะ",
                        "Security policy takes gender into account",
                    ),
                    children=(
                        NodeSpec(
                            code="3.2.1",
                            title=tx(
                                "นโยบายและแผนด้านความมั่นคงระดับชาติบูรณาการประเด็นสตรี สันติภาพ และความมั่นคง",
                                "National security policies and plans integrate women, peace and security",
                            ),
                            indicators=(
                                IndicatorSpec(
                                    code="3.2.1.1",
                                    name=tx(
                                        "จำนวนนโยบายหรือแผนด้านความมั่นคงระดับชาติที่บูรณาการมิติเพศภาวะหรือประเด็นสตรี สันติภาพ และความมั่นคง",
                                        "National security policies or plans that integrate gender or women, peace and security",
                                    ),
                                    unit=tx("ฉบับ", "documents"),
                                    lead="nsc-th",
                                    support=("isoc", "mod-th"),
                                    cumulative_mode=Mode.CUMULATIVE,
                                    aggregation=Agg.SUM,
                                    references=("sdg:5.1.1",),
                                    baseline=fig(1, period="FY2566", source="สมช. (ข้อมูลสาธิต)"),
                                    targets={"FY2567": 1, "FY2568": 2, "FY2569": 3, "FY2570": 4},
                                    life_target=4,
                                ),
                            ),
                        ),
                        NodeSpec(
                            code="3.2.2",
                            title=tx(
                                "เจ้าหน้าที่ฝ่ายปกครองและฝ่ายความมั่นคงมีความรู้ความเข้าใจมิติเพศภาวะ",
                                "Administration and security officers understand gender perspectives",
                            ),
                            indicators=(
                                IndicatorSpec(
                                    code="3.2.2.1",
                                    name=tx(
                                        "จำนวนเจ้าหน้าที่ฝ่ายปกครองและฝ่ายความมั่นคงที่ผ่านการอบรมการบูรณาการมิติเพศภาวะ จำแนกตามเพศและช่วงอายุ",
                                        "Administration and security officers trained in gender mainstreaming, by sex and age group",
                                    ),
                                    unit=PERSONS,
                                    lead="moi",
                                    support=("isoc", "rtp"),
                                    cumulative_mode=Mode.CUMULATIVE,
                                    aggregation=Agg.SUM,
                                    frequency=Frequency.SEMIANNUAL,
                                    dimensions=(
                                        ("sex", None),
                                        ("age-group", ("18-24", "25-59", "60-plus")),
                                    ),
                                    baseline=fig(0, period="FY2566"),
                                    targets={
                                        "FY2567": 400,
                                        "FY2568": 900,
                                        "FY2569": 1500,
                                        "FY2570": 2000,
                                    },
                                    by=(
                                        BreakdownFigures(
                                            options=("sex:female",),
                                            targets={
                                                "FY2567": 160,
                                                "FY2568": 360,
                                                "FY2569": 600,
                                                "FY2570": 800,
                                            },
                                        ),
                                        BreakdownFigures(
                                            options=("sex:female", "age-group:25-59"),
                                            targets={"FY2570": 700},
                                        ),
                                    ),
                                    life_target=2000,
                                ),
                            ),
                        ),
                    ),
                ),
            ),
        ),
        # --- Pillar 4 -------------------------------------------------------------------------
        NodeSpec(
            code="4",
            title=tx("การฟื้นฟูเยียวยา", "Relief and Recovery", "Cứu trợ và phục hồi"),
            references=("unscr-1325:relief-recovery", "asean-rpa-wps:4"),
            children=(
                NodeSpec(
                    code="4.1",
                    title=tx(
                        "สตรีและครอบครัวที่ได้รับผลกระทบได้รับการเยียวยาและฟื้นฟูอย่างเป็นธรรมและยั่งยืน",
                        "Affected women and families receive fair and lasting redress and recovery",
                    ),
                    references=("asean-rpa-wps:4.1.2",),
                    children=(
                        NodeSpec(
                            code="4.1.1",
                            title=tx(
                                "สตรีที่ได้รับผลกระทบได้รับการเยียวยาและพัฒนาอาชีพ",
                                "Affected women receive redress and livelihood support",
                            ),
                            indicators=(
                                IndicatorSpec(
                                    code="4.1.1.1",
                                    name=tx(
                                        "จำนวนสตรีที่ได้รับผลกระทบจากเหตุความไม่สงบซึ่งได้รับการเยียวยาและพัฒนาอาชีพ",
                                        "Women affected by the unrest who received redress and livelihood training",
                                    ),
                                    unit=PERSONS,
                                    lead="sbpac",
                                    support=("dwf", "ops-msdhs"),
                                    cumulative_mode=Mode.PER_PERIOD,
                                    aggregation=Agg.SUM,
                                    dimensions=(("province", SOUTH), ("disability", None)),
                                    baseline=fig(820, period="FY2566", source="ศอ.บต. (ข้อมูลสาธิต)"),
                                    targets={
                                        "FY2567": 850,
                                        "FY2568": 900,
                                        "FY2569": 950,
                                        "FY2570": 1000,
                                    },
                                    by=(
                                        BreakdownFigures(
                                            options=("disability:with",), targets={"FY2570": 80}
                                        ),
                                    ),
                                    # The same woman may be helped in several years: the plan's target counts her once.
                                    life_target=2400,
                                    life_target_text=tx(
                                        "สตรีไม่น้อยกว่า 2,400 คน (ไม่นับซ้ำ) ตลอดระยะแผน",
                                        "At least 2,400 different women over the life of the plan",
                                    ),
                                ),
                                IndicatorSpec(
                                    code="4.1.1.2",
                                    name=tx(
                                        "ร้อยละของสตรีที่ผ่านการพัฒนาอาชีพแล้วมีรายได้เพิ่มขึ้นภายใน 12 เดือน",
                                        "Share of women whose income rose within 12 months of livelihood training",
                                    ),
                                    value_type=ValueType.PERCENTAGE,
                                    decimals=1,
                                    lead="dwf",
                                    support=("sbpac",),
                                    cumulative_mode=Mode.PER_PERIOD,
                                    aggregation=Agg.RATIO,
                                    baseline=ratio(
                                        352,
                                        640,
                                        period="FY2566",
                                        source="สค. การติดตามผล (ข้อมูลสาธิต)",
                                    ),
                                    targets={
                                        "FY2567": 60,
                                        "FY2568": 65,
                                        "FY2569": 70,
                                        "FY2570": 75,
                                    },
                                    life_target=75,
                                ),
                            ),
                        ),
                        NodeSpec(
                            code="4.1.2",
                            title=tx(
                                "กลไกการฟื้นฟูเยียวยาระดับพื้นที่ที่ภาคประชาสังคมมีส่วนร่วม",
                                "Local recovery mechanisms in which civil society takes part",
                            ),
                            indicators=(
                                IndicatorSpec(
                                    code="4.1.2.1",
                                    name=tx(
                                        "บทเรียนการฟื้นฟูเยียวยาที่คำนึงถึงมิติเพศภาวะจากการทำงานร่วมกันของภาครัฐและภาคประชาสังคม",
                                        "Lessons from gender-responsive recovery work by government and civil society",
                                    ),
                                    value_type=ValueType.QUALITATIVE,
                                    lead="sbpac-ccw",
                                    support=("dwf", "csn-women-weaving-peace"),
                                    cumulative_mode=Mode.LATEST,
                                    aggregation=Agg.LATEST,
                                    baseline=text(
                                        "ยังไม่มีการถอดบทเรียนอย่างเป็นระบบ",
                                        "No systematic record of lessons yet",
                                        period="FY2566",
                                    ),
                                    targets={
                                        "FY2567": text(
                                            "ถอดบทเรียนในจังหวัดปัตตานี", "Lessons drawn in Pattani"
                                        ),
                                        "FY2568": text(
                                            "ถอดบทเรียนครบทั้ง 3 จังหวัดและ 4 อำเภอของจังหวัดสงขลา",
                                            "Lessons drawn in all three provinces and the four districts of Songkhla",
                                        ),
                                        "FY2569": text(
                                            "เผยแพร่ชุดบทเรียนและข้อเสนอเชิงนโยบาย",
                                            "Lessons and policy proposals published",
                                        ),
                                        "FY2570": text(
                                            "คณะกรรมการระดับชาติพิจารณาข้อเสนอเชิงนโยบาย",
                                            "The national committee considers the policy proposals",
                                        ),
                                    },
                                    life_target_text=tx(
                                        "ข้อเสนอเชิงนโยบายจากบทเรียนในพื้นที่ได้รับการนำไปใช้ในแผนระดับชาติ",
                                        "Policy proposals drawn from local lessons are taken up in national plans",
                                    ),
                                ),
                                IndicatorSpec(
                                    code="4.1.2.2",
                                    name=tx(
                                        "จำนวนจังหวัดที่บรรจุประเด็นสตรี สันติภาพ และความมั่นคงไว้ในแผนพัฒนาจังหวัด",
                                        "Provinces whose development plans include women, peace and security",
                                    ),
                                    unit=tx("จังหวัด", "provinces"),
                                    lead="moi",
                                    support=("dwf",),
                                    cumulative_mode=Mode.LATEST,
                                    aggregation=Agg.SUM,
                                    baseline=fig(0, period="FY2566"),
                                    targets={"FY2567": 2, "FY2568": 4, "FY2569": 6, "FY2570": 8},
                                    life_target=8,
                                ),
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
)
