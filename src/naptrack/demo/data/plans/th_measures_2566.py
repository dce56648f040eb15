"""Thailand's measures and guidelines on women and the promotion of peace and security 2566–2568.

The five measures are those of the plan (seed 000). The guidelines under them, the indicators and
every figure are invented for the demo.
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

SOUTH = ("TH-90", "TH-94", "TH-95", "TH-96")

PLAN = PlanSpec(
    code="th-wps-measures-2566",
    kind=PlanKind.MEASURES,
    title=tx(
        "มาตรการและแนวปฏิบัติด้านสตรีกับการส่งเสริมสันติภาพและความมั่นคง พ.ศ. 2566–2568",
        "Measures and Guidelines on Women and the Promotion of Peace and Security 2023–2025 (B.E. 2566–2568)",
        "Các biện pháp và hướng dẫn về phụ nữ và thúc đẩy hòa bình, an ninh của Thái Lan 2023–2025",
    ),
    short_title=tx("มาตรการ WPS 2566–2568", "WPS measures 2566–2568"),
    description=tx(
        "แนวทางให้หน่วยงานที่เกี่ยวข้องบูรณาการมิติเพศภาวะเข้าสู่นโยบายด้านสันติภาพและความมั่นคง ขจัดความรุนแรงต่อสตรี"
        "และเด็กในสถานการณ์ความไม่สงบ และส่งเสริมการมีส่วนร่วมของสตรีในการแก้ไขปัญหา ผ่าน 5 มาตรการ "
        "ข้อมูลสาธิต: แนวปฏิบัติ ตัวชี้วัด ค่าฐาน และค่าเป้าหมายจัดทำขึ้นเพื่อการสาธิตเท่านั้น",
        "Guidance for agencies to bring a gender perspective into peace and security policy, end violence against "
        "women and children in the unrest, and promote women's participation, through five measures. Demo data: the "
        "guidelines, indicators, baselines and targets are invented for demonstration.",
    ),
    owner="dwf",
    area="TH",
    start=dt.date(2022, 10, 1),
    end=dt.date(2025, 9, 30),
    calendar="thai_fiscal",
    status=PlanStatus.CLOSED,
    levels=(tx("มาตรการ", "Measure", "Biện pháp"), tx("แนวปฏิบัติ", "Guideline", "Hướng dẫn")),
    nodes=(
        NodeSpec(
            code="1",
            title=tx("การป้องกัน", "Prevention", "Phòng ngừa"),
            references=("unscr-1325:prevention", "asean-rpa-wps:3"),
            children=(
                NodeSpec(
                    code="1.1",
                    title=tx(
                        "เฝ้าระวังและแจ้งเตือนภัยความรุนแรงต่อสตรีและเด็กในพื้นที่ที่ได้รับผลกระทบจากสถานการณ์ความไม่สงบ",
                        "Watch for and warn of violence against women and children in areas affected by the unrest",
                    ),
                    indicators=(
                        IndicatorSpec(
                            code="1.1.1",
                            name=tx(
                                "จำนวนเครือข่ายเฝ้าระวังความรุนแรงต่อสตรีและเด็กระดับชุมชนในจังหวัดชายแดนภาคใต้",
                                "Community networks watching for violence against women and children in the southern border provinces",
                            ),
                            unit=tx("เครือข่าย", "networks"),
                            lead="sbpac",
                            support=("sbpac-ccw", "dwf"),
                            cumulative_mode=Mode.CUMULATIVE,
                            aggregation=Agg.SUM,
                            dimensions=(("province", SOUTH),),
                            baseline=fig(40, period="FY2565", source="ศอ.บต. (ข้อมูลสาธิต)"),
                            targets={"FY2566": 60, "FY2567": 80, "FY2568": 100},
                            by=(
                                BreakdownFigures(
                                    options=("province:TH-94",), targets={"FY2568": 30}
                                ),
                                BreakdownFigures(
                                    options=("province:TH-95",), targets={"FY2568": 25}
                                ),
                                BreakdownFigures(
                                    options=("province:TH-96",), targets={"FY2568": 30}
                                ),
                                BreakdownFigures(
                                    options=("province:TH-90",), targets={"FY2568": 15}
                                ),
                            ),
                            life_target=100,
                            means_of_verification=tx(
                                "ทะเบียนเครือข่ายของ ศอ.บต. และรายงานผลการดำเนินงานรายปี",
                                "SBPAC's register of networks and its yearly report",
                            ),
                        ),
                    ),
                ),
            ),
        ),
        NodeSpec(
            code="2",
            title=tx(
                "การคุ้มครองพิทักษ์สิทธิและการฟื้นฟูเยียวยา", "Protection and Recovery", "Bảo vệ và phục hồi"
            ),
            references=(
                "unscr-1325:protection",
                "unscr-1325:relief-recovery",
                "asean-rpa-wps:1",
                "asean-rpa-wps:4",
            ),
            children=(
                NodeSpec(
                    code="2.1",
                    title=tx(
                        "ช่วยเหลือ คุ้มครอง และฟื้นฟูเยียวยาสตรีและเด็กที่ได้รับผลกระทบอย่างเป็นระบบและต่อเนื่อง",
                        "Help, protect and support the recovery of affected women and children, systematically and without gaps",
                    ),
                    indicators=(
                        IndicatorSpec(
                            code="2.1.1",
                            name=tx(
                                "ร้อยละของสตรีและเด็กที่ได้รับผลกระทบซึ่งได้รับการช่วยเหลือเยียวยาตามหลักเกณฑ์ภายในระยะเวลาที่กำหนด",
                                "Share of affected women and children who received help and redress on time, as the rules require",
                            ),
                            value_type=ValueType.PERCENTAGE,
                            decimals=1,
                            lead="sbpac",
                            support=("dwf", "moi"),
                            cumulative_mode=Mode.PER_PERIOD,
                            aggregation=Agg.RATIO,
                            baseline=ratio(412, 520, period="FY2565", source="ศอ.บต. (ข้อมูลสาธิต)"),
                            targets={"FY2566": 85, "FY2567": 90, "FY2568": 95},
                            life_target=95,
                            is_key=True,
                            definition=tx(
                                "ตัวตั้ง: จำนวนสตรีและเด็กที่ได้รับการช่วยเหลือเยียวยาภายในระยะเวลาที่หลักเกณฑ์กำหนด "
                                "ตัวหาร: จำนวนสตรีและเด็กที่ได้รับผลกระทบและมีสิทธิได้รับการเยียวยาในปีงบประมาณนั้น",
                                "Numerator: affected women and children helped within the time the rules set. "
                                "Denominator: affected women and children entitled to redress in the fiscal year.",
                            ),
                        ),
                    ),
                ),
            ),
        ),
        NodeSpec(
            code="3",
            title=tx("การพัฒนาศักยภาพ", "Capacity building", "Nâng cao năng lực"),
            references=("asean-rpa-wps:5",),
            children=(
                NodeSpec(
                    code="3.1",
                    title=tx(
                        "พัฒนาศักยภาพเจ้าหน้าที่รัฐด้านมิติเพศภาวะในงานสันติภาพและความมั่นคง",
                        "Train government officers in gender perspectives in peace and security work",
                    ),
                    indicators=(
                        IndicatorSpec(
                            code="3.1.1",
                            name=tx(
                                "จำนวนเจ้าหน้าที่รัฐที่ผ่านการอบรมเรื่องสตรี สันติภาพ และความมั่นคง จำแนกตามเพศ",
                                "Government officers trained on women, peace and security, by sex",
                            ),
                            unit=tx("คน", "persons"),
                            lead="dwf",
                            support=("moi", "rtp", "isoc"),
                            cumulative_mode=Mode.CUMULATIVE,
                            aggregation=Agg.SUM,
                            dimensions=(("sex", None),),
                            baseline=fig(0, period="FY2565", source="สค. (ข้อมูลสาธิต)"),
                            targets={"FY2566": 300, "FY2567": 700, "FY2568": 1200},
                            by=(
                                BreakdownFigures(options=("sex:female",), targets={"FY2568": 600}),
                            ),
                            life_target=1200,
                        ),
                    ),
                ),
                NodeSpec(
                    code="3.2",
                    title=tx(
                        "เสริมทักษะสตรีผู้นำชุมชนในการไกล่เกลี่ยและจัดการความขัดแย้ง",
                        "Build community women leaders' skills in mediation and conflict management",
                    ),
                    indicators=(
                        IndicatorSpec(
                            code="3.2.1",
                            name=tx(
                                "จำนวนสตรีผู้นำชุมชนที่ได้รับการพัฒนาทักษะการไกล่เกลี่ยข้อพิพาท",
                                "Community women leaders trained in mediating disputes",
                            ),
                            unit=tx("คน", "persons"),
                            lead="sbpac-ccw",
                            support=("dwf", ("csn-women-weaving-peace", False)),
                            cumulative_mode=Mode.CUMULATIVE,
                            aggregation=Agg.SUM,
                            baseline=fig(120, period="FY2565", source="ศป.ดส. (ข้อมูลสาธิต)"),
                            targets={"FY2566": 180, "FY2567": 240, "FY2568": 300},
                            life_target=300,
                        ),
                    ),
                ),
            ),
        ),
        NodeSpec(
            code="4",
            title=tx(
                "การส่งเสริมการมีส่วนร่วมของภาครัฐ ภาคเอกชน ภาคประชาสังคม และสตรี",
                "Empowerment and participation of government, the private sector, civil society and women",
                "Trao quyền và tham gia",
            ),
            references=("unscr-1325:participation", "asean-rpa-wps:2"),
            children=(
                NodeSpec(
                    code="4.1",
                    title=tx(
                        "ส่งเสริมให้สตรีมีส่วนร่วมในกลไกสร้างสันติสุขระดับพื้นที่",
                        "Bring women into local peacebuilding bodies",
                    ),
                    indicators=(
                        IndicatorSpec(
                            code="4.1.1",
                            name=tx(
                                "ร้อยละของสตรีในคณะกรรมการและคณะทำงานสร้างสันติสุขระดับอำเภอในจังหวัดชายแดนภาคใต้",
                                "Share of women in district peacebuilding committees and working groups in the southern border provinces",
                            ),
                            value_type=ValueType.PERCENTAGE,
                            decimals=1,
                            lead="moi",
                            support=("sbpac",),
                            cumulative_mode=Mode.LATEST,
                            aggregation=Agg.RATIO,
                            references=("sdg:16.7.1",),
                            baseline=ratio(58, 420, period="FY2565", source="มท. (ข้อมูลสาธิต)"),
                            targets={"FY2566": 18, "FY2567": 22, "FY2568": 25},
                            life_target=25,
                        ),
                    ),
                ),
            ),
        ),
        NodeSpec(
            code="5",
            title=tx(
                "การส่งเสริมให้มีกลไกและการขับเคลื่อน",
                "Mechanism and implementation",
                "Cơ chế và tổ chức thực hiện",
            ),
            references=("asean-rpa-wps:5", "asean-rpa-wps:5.1.1"),
            children=(
                NodeSpec(
                    code="5.1",
                    title=tx("กลไกขับเคลื่อนระดับชาติ", "A national mechanism to drive the measures"),
                    indicators=(
                        IndicatorSpec(
                            code="5.1.1",
                            name=tx(
                                "มีคณะอนุกรรมการขับเคลื่อนมาตรการด้านสตรีกับการส่งเสริมสันติภาพและความมั่นคง",
                                "A subcommittee drives the measures on women and the promotion of peace and security",
                            ),
                            value_type=ValueType.YES_NO,
                            lead="dwf",
                            cumulative_mode=Mode.LATEST,
                            aggregation=Agg.LATEST,
                            baseline=fig(0, period="FY2565"),
                            targets={"FY2566": 1, "FY2567": 1, "FY2568": 1},
                            life_target=1,
                            means_of_verification=tx(
                                "คำสั่งแต่งตั้งคณะอนุกรรมการและรายงานการประชุม",
                                "Appointment order and minutes of meetings",
                            ),
                        ),
                    ),
                ),
                NodeSpec(
                    code="5.2",
                    title=tx("การติดตามและประเมินผล", "Monitoring and evaluation"),
                    indicators=(
                        IndicatorSpec(
                            code="5.2.1",
                            name=tx(
                                "จำนวนหน่วยงานที่รายงานผลการดำเนินงานตามมาตรการครบถ้วนภายในกำหนด",
                                "Agencies that report on the measures completely and on time",
                            ),
                            unit=tx("หน่วยงาน", "agencies"),
                            lead="dwf",
                            cumulative_mode=Mode.PER_PERIOD,
                            aggregation=Agg.SUM,
                            frequency="semiannual",
                            baseline=fig(5, period="FY2565"),
                            targets={"FY2566": 8, "FY2567": 10, "FY2568": 12},
                            life_target=12,
                        ),
                        IndicatorSpec(
                            code="5.2.2",
                            name=tx(
                                "มีการติดตามงบประมาณที่สนับสนุนการดำเนินงานตามมาตรการ จำแนกตามหน่วยงาน",
                                "Budget spent on the measures is tracked agency by agency",
                            ),
                            value_type=ValueType.YES_NO,
                            lead="dwf",
                            support=("ops-msdhs",),
                            cumulative_mode=Mode.LATEST,
                            aggregation=Agg.MAXIMUM,
                            references=("sdg:5.c.1",),
                            baseline=fig(0, period="FY2565"),
                            targets={"FY2566": 0, "FY2567": 1, "FY2568": 1},
                            life_target=1,
                        ),
                        IndicatorSpec(
                            code="5.2.3",
                            name=tx(
                                "ความคืบหน้าการประเมินผลมาตรการเมื่อสิ้นสุดระยะ",
                                "Progress of the end-of-term evaluation of the measures",
                            ),
                            value_type=ValueType.MILESTONE,
                            lead="dwf",
                            cumulative_mode=Mode.LATEST,
                            aggregation=Agg.LATEST,
                            baseline=text("ยังไม่มีการประเมินผล", "No evaluation yet", period="FY2565"),
                            targets={
                                "FY2567": text(
                                    "กำหนดกรอบการประเมินผล", "Evaluation framework agreed"
                                ),
                                "FY2568": text(
                                    "รายงานการประเมินผลเสนอคณะอนุกรรมการ และนำข้อเสนอไปใช้จัดทำแผน NAP WPS 2567–2570",
                                    "Evaluation report to the subcommittee; its recommendations feed the NAP WPS 2567–2570",
                                ),
                            },
                            life_target_text=tx(
                                "มีรายงานการประเมินผลมาตรการเมื่อสิ้นสุดระยะ",
                                "An end-of-term evaluation report",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
)
