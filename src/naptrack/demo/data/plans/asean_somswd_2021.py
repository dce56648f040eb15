"""The ASEAN SOMSWD Work Plan 2021–2025 and its Results Framework.

Goals, key outputs and outcomes and the four KPIs are those summarised in the Thai cabinet
resolution of 22 February 2565 (seed 003). The document does not say which outputs and outcomes
serve which goal: the tree below is the demo's reading. Indicator 3.1.2.1 and every figure are
invented for the demo.
"""

import datetime as dt

from naptrack.demo.data.areas import MEMBER_STATES
from naptrack.demo.data.schema import BreakdownFigures, IndicatorSpec, NodeSpec, PlanSpec, fig, tx
from naptrack.frameworks.models import Aggregation as Agg
from naptrack.frameworks.models import CumulativeMode as Mode
from naptrack.frameworks.models import PlanKind, PlanStatus

# Every Member State reports its share; SOMSWD leads and compiles, the ASEAN Secretariat supports.
MEMBER_STATE_ORGS = tuple(f"somswd-{code.lower()}" for code, *_ in MEMBER_STATES)
REPORTERS = (*MEMBER_STATE_ORGS, ("asec", False))


def _per_member_state(targets_2025: dict[str, int]) -> tuple[BreakdownFigures, ...]:
    return tuple(
        BreakdownFigures(options=(f"member-state:{code}",), targets={"CY2025": value})
        for code, value in targets_2025.items()
    )


PLAN = PlanSpec(
    code="asean-somswd-2021",
    kind=PlanKind.REGIONAL_WORK_PLAN,
    title=tx(
        "แผนงานขององค์กรอาเซียนเฉพาะสาขาด้านสวัสดิการสังคมและการพัฒนา พ.ศ. 2564–2568 และกรอบผลลัพธ์การปฏิบัติงาน",
        "SOMSWD Work Plan 2021–2025 and Its Results Framework",
        "Kế hoạch công tác SOMSWD giai đoạn 2021–2025 và Khung kết quả",
    ),
    short_title=tx(
        "แผนงาน SOMSWD 2564–2568", "SOMSWD Work Plan 2021–2025", "Kế hoạch SOMSWD 2021–2025"
    ),
    description=tx(
        "วิสัยทัศน์: ประชาคมอาเซียนที่สตรี เด็ก คนพิการ ผู้สูงอายุ และกลุ่มเปราะบางอื่น ๆ มีส่วนร่วมและได้รับการส่งเสริม"
        "ให้มีคุณภาพชีวิตที่ดีอย่างยั่งยืน และได้รับการยอมรับว่าเป็นสมาชิกที่เท่าเทียมและมีคุณค่าของสังคม "
        "ประเทศสมาชิกรายงานความก้าวหน้าต่อที่ประชุม SOMSWD ทุกปี และสำนักเลขาธิการอาเซียนจัดทำรายงานเมื่อสิ้นสุดแผน "
        "ข้อมูลสาธิต: การจัดผลผลิตและผลลัพธ์ไว้ใต้เป้าหมาย ค่าฐาน และค่าเป้าหมายเป็นข้อมูลสมมติ",
        "Vision: an ASEAN Community where women, children, persons with disabilities, older persons and other "
        "vulnerable groups take part and are supported to enjoy a good quality of life, and are recognised as equal "
        "and valued members of society. Member States report progress to the annual SOMSWD meeting; the ASEAN "
        "Secretariat prepares the end-of-plan report. Demo data: the placing of outputs and outcomes under goals, the "
        "baselines and the targets are invented.",
    ),
    owner="somswd",
    area="ASEAN",
    start=dt.date(2021, 1, 1),
    end=dt.date(2025, 12, 31),
    calendar="gregorian",
    status=PlanStatus.CLOSED,
    adopted_by="Endorsed ad referendum by the ASEAN Member States' senior officials and AMMSWD Ministers "
    "(Thailand: Cabinet resolution of 22 February 2022)",
    languages="en,th",
    levels=(
        tx("เป้าหมาย", "Goal", "Mục tiêu"),
        tx("ผลลัพธ์", "Outcome", "Kết quả"),
        tx("ผลผลิต", "Output", "Đầu ra"),
    ),
    nodes=(
        NodeSpec(
            code="2.1",
            title=tx(
                "ส่งเสริมนโยบายและยุทธศาสตร์ด้านสวัสดิการสังคมและการพัฒนาที่เสริมพลังและคุ้มครองกลุ่มเปราะบางและกลุ่มชายขอบ "
                "และเสริมสร้างภูมิคุ้มกันต่อวิกฤตด้านสุขภาพ สังคม และเศรษฐกิจ การเปลี่ยนแปลงสภาพภูมิอากาศ ภัยพิบัติ "
                "และความท้าทายด้านสิ่งแวดล้อมอื่น ๆ",
                "Promote social welfare and development policies and strategies that empower and protect vulnerable "
                "and marginalised groups and build resilience to health, social and economic crises, climate change, "
                "disasters and other environmental challenges",
            ),
            children=(
                NodeSpec(
                    code="3.2.4",
                    title=tx(
                        "การมีส่วนร่วมของผู้มีส่วนได้ส่วนเสียและความรับผิดชอบต่อสังคมได้รับการส่งเสริมและพัฒนายิ่งขึ้น",
                        "Stakeholder participation and social accountability are promoted and strengthened",
                    ),
                    children=(
                        NodeSpec(
                            code="3.1.4",
                            title=tx(
                                "กลไกสนับสนุนการมีส่วนร่วมที่เพิ่มขึ้นของผู้มีส่วนได้ส่วนเสียได้รับการเสริมความเข้มแข็งและทำให้เป็นสถาบัน",
                                "Mechanisms for wider stakeholder participation are strengthened and institutionalised",
                            ),
                            indicators=(
                                IndicatorSpec(
                                    code="5.1.2",
                                    name=tx(
                                        "จำนวนเวทีการหารือหรือการประชุมระหว่างประเทศสมาชิกอาเซียน ภาคีเครือข่าย องค์กรภาคประชาสังคม "
                                        "และภาคส่วนอื่นที่เกี่ยวข้อง",
                                        "Dialogues or meetings held among ASEAN Member States, partners, civil-society "
                                        "organisations and other sectors",
                                    ),
                                    unit=tx("เวที", "forums", "diễn đàn"),
                                    lead="somswd",
                                    lead_reports=False,
                                    support=(*MEMBER_STATE_ORGS, "asec"),
                                    cumulative_mode=Mode.PER_PERIOD,
                                    aggregation=Agg.SUM,
                                    baseline=fig(
                                        6,
                                        period="CY2020",
                                        source="SOMSWD Work Plan 2016–2020 (demo figure)",
                                    ),
                                    targets={
                                        "CY2021": 4,
                                        "CY2022": 6,
                                        "CY2023": 6,
                                        "CY2024": 7,
                                        "CY2025": 7,
                                    },
                                    life_target=28,
                                    life_target_text=tx(
                                        "อย่างน้อย 28 เวทีตลอดระยะแผน",
                                        "At least 28 forums over the plan",
                                    ),
                                    is_key=True,
                                ),
                                IndicatorSpec(
                                    code="5.1.4",
                                    name=tx(
                                        "จำนวนข้อเสนอแนะจากเวทีระดับภูมิภาคที่ได้รับการนำไปดำเนินการ",
                                        "Recommendations from these regional forums that were acted upon",
                                    ),
                                    unit=tx("ข้อ", "recommendations", "khuyến nghị"),
                                    lead="somswd",
                                    lead_reports=False,
                                    support=(*MEMBER_STATE_ORGS, "asec"),
                                    cumulative_mode=Mode.CUMULATIVE,
                                    aggregation=Agg.SUM,
                                    baseline=fig(0, period="CY2020"),
                                    targets={
                                        "CY2021": 2,
                                        "CY2022": 5,
                                        "CY2023": 9,
                                        "CY2024": 14,
                                        "CY2025": 20,
                                    },
                                    life_target=20,
                                    is_key=True,
                                ),
                            ),
                        ),
                    ),
                ),
            ),
        ),
        NodeSpec(
            code="2.2",
            title=tx(
                "ส่งเสริมและคุ้มครองสิทธิของเด็ก คนพิการ ผู้สูงอายุ และกลุ่มเปราะบางอื่น ๆ",
                "Promote and protect the rights of children, persons with disabilities, older persons and other "
                "vulnerable groups",
            ),
            indicators=(
                IndicatorSpec(
                    code="5.1.1",
                    name=tx(
                        "จำนวนนโยบายเกี่ยวกับเด็ก คนพิการ และผู้สูงอายุที่ได้รับการแก้ไขเพิ่มเติมในประเทศสมาชิกอาเซียน",
                        "Policies on children, persons with disabilities and older persons amended in ASEAN Member States",
                    ),
                    unit=tx("ฉบับ", "policies", "chính sách"),
                    lead="somswd",
                    lead_reports=False,
                    support=REPORTERS,
                    cumulative_mode=Mode.CUMULATIVE,
                    aggregation=Agg.SUM,
                    dimensions=(("member-state", None),),
                    baseline=fig(0, period="CY2020"),
                    targets={"CY2021": 5, "CY2022": 12, "CY2023": 20, "CY2024": 28, "CY2025": 35},
                    by=_per_member_state(
                        {
                            "BN": 3,
                            "KH": 3,
                            "ID": 4,
                            "LA": 3,
                            "MY": 4,
                            "MM": 3,
                            "PH": 4,
                            "SG": 3,
                            "TH": 4,
                            "VN": 4,
                        }
                    ),
                    life_target=35,
                    is_key=True,
                    means_of_verification=tx(
                        "รายงานความก้าวหน้าประจำปีของประเทศสมาชิกต่อที่ประชุม SOMSWD",
                        "Member States' yearly progress reports to SOMSWD",
                    ),
                ),
            ),
            children=(
                NodeSpec(
                    code="3.2.1",
                    title=tx(
                        "สิทธิของเด็กทุกคนในการมีชีวิต การคุ้มครอง การมีส่วนร่วม และการพัฒนาได้รับการส่งเสริม และเด็ก "
                        "รวมถึงเด็กในบริบทการโยกย้ายถิ่นฐาน ได้รับความคุ้มครองจากความรุนแรง การแสวงประโยชน์ "
                        "และการล่วงละเมิดทุกรูปแบบ",
                        "Every child's rights to survival, protection, participation and development are promoted, and "
                        "children, including children in the context of migration, are protected from all forms of "
                        "violence, exploitation and abuse",
                    ),
                    children=(
                        NodeSpec(
                            code="3.1.1",
                            title=tx(
                                "ประเทศสมาชิกได้รับการส่งเสริมให้ทบทวนนโยบาย มาตรการ และแนวปฏิบัติระดับภูมิภาคและระดับชาติ"
                                "ที่เกี่ยวกับเด็ก เพื่อตอบสนองต่อกระแสสังคมและความท้าทายใหม่",
                                "Member States are encouraged to review regional and national policies, measures and "
                                "guidelines on children in response to social trends and emerging challenges",
                            ),
                        ),
                    ),
                ),
            ),
        ),
        NodeSpec(
            code="2.3",
            title=tx(
                "ส่งเสริมขีดความสามารถของประเทศสมาชิกในการกำหนดและดำเนินระบบคุ้มครองทางสังคมที่มีประสิทธิภาพ "
                "เพื่อลดความเสี่ยงและความเปราะบางของประชาชนในอาเซียน",
                "Strengthen Member States' capacity to design and run effective social protection systems that reduce "
                "the risks and vulnerability of people in ASEAN",
            ),
            children=(
                NodeSpec(
                    code="3.2.3",
                    title=tx(
                        "ผู้สูงอายุมีหลักประกันความเป็นอยู่ที่ดี ผ่านยุทธศาสตร์การลดความยากจน ความมั่นคงทางเศรษฐกิจ "
                        "และความมั่นคงทางการเงิน โดยเฉพาะสำหรับสตรีสูงอายุ",
                        "Older persons' well-being is secured through strategies for poverty reduction, economic "
                        "stability and financial security, especially for older women",
                    ),
                    children=(
                        NodeSpec(
                            code="3.1.3",
                            title=tx(
                                "องค์ความรู้ ความช่วยเหลือทางเทคนิค และแนวปฏิบัติที่ดีในการยกระดับความเป็นอยู่ของผู้สูงอายุ"
                                "และสังคมที่ครอบคลุมผู้สูงอายุได้รับการพัฒนาและแบ่งปัน",
                                "Knowledge, technical assistance and good practice on older persons' well-being and "
                                "age-inclusive societies are developed and shared",
                            ),
                            indicators=(
                                IndicatorSpec(
                                    code="5.1.3",
                                    name=tx(
                                        "จำนวนข้อมูลและสถิติเกี่ยวกับนโยบายและโครงการเพื่อผู้สูงอายุที่ได้รับการจัดเก็บหรือแบ่งปัน"
                                        "ระหว่างประเทศสมาชิกอาเซียน",
                                        "Data sets and statistics on policies and programmes for older persons collected "
                                        "or shared among ASEAN Member States",
                                    ),
                                    unit=tx("ชุดข้อมูล", "data sets", "bộ dữ liệu"),
                                    lead="somswd",
                                    lead_reports=False,
                                    support=REPORTERS,
                                    cumulative_mode=Mode.CUMULATIVE,
                                    aggregation=Agg.SUM,
                                    dimensions=(("member-state", None),),
                                    baseline=fig(0, period="CY2020"),
                                    targets={
                                        "CY2021": 4,
                                        "CY2022": 10,
                                        "CY2023": 16,
                                        "CY2024": 22,
                                        "CY2025": 30,
                                    },
                                    by=_per_member_state({code: 3 for code, *_ in MEMBER_STATES}),
                                    life_target=30,
                                    is_key=True,
                                ),
                            ),
                        ),
                    ),
                ),
            ),
        ),
        NodeSpec(
            code="2.4",
            title=tx(
                "เสริมสร้างความเข้มแข็งของงานสังคมสงเคราะห์และสวัสดิการสังคม โดยยกระดับขีดความสามารถและการส่งมอบ"
                "บริการทางสังคมที่มีคุณภาพ ตอบสนองความต้องการ เชื่อมโยงกัน และเป็นสหวิชาชีพ",
                "Strengthen social work and social welfare through better capacity and the delivery of quality, "
                "responsive, coordinated and multidisciplinary social services",
            ),
            children=(
                NodeSpec(
                    code="3.2.2",
                    title=tx(
                        "คนพิการและองค์กรด้านคนพิการได้รับการสนับสนุนด้วยการเข้าถึงและบริการที่ครอบคลุมมากขึ้น "
                        "สู่การพึ่งพาตนเอง การมีงานทำ และการพึ่งพาตนเองทางเศรษฐกิจ",
                        "Persons with disabilities and their organisations are supported through better access and "
                        "more inclusive services, towards independence, employment and economic self-reliance",
                    ),
                    children=(
                        NodeSpec(
                            code="3.1.2",
                            title=tx(
                                "ศักยภาพในการให้บริการและการเข้าถึงบริการของคนพิการที่คำนึงถึงมิติหญิงชายได้รับการปรับปรุง",
                                "Gender-responsive services for persons with disabilities, and access to them, are improved",
                            ),
                            indicators=(
                                IndicatorSpec(
                                    code="3.1.2.1",
                                    name=tx(
                                        "จำนวนประเทศสมาชิกที่มีแนวปฏิบัติการให้บริการคนพิการที่คำนึงถึงมิติหญิงชาย (ตัวชี้วัดสาธิต)",
                                        "Member States with gender-responsive guidelines for services to persons with "
                                        "disabilities (demo indicator)",
                                    ),
                                    unit=tx("ประเทศ", "Member States", "quốc gia"),
                                    lead="somswd",
                                    lead_reports=False,
                                    support=MEMBER_STATE_ORGS,
                                    cumulative_mode=Mode.LATEST,
                                    aggregation=Agg.SUM,
                                    baseline=fig(3, period="CY2020"),
                                    targets={
                                        "CY2021": 4,
                                        "CY2022": 5,
                                        "CY2023": 6,
                                        "CY2024": 8,
                                        "CY2025": 10,
                                    },
                                    life_target=10,
                                ),
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
)
