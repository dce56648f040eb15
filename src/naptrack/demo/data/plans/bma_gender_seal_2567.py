"""Bangkok's work towards the UNDP Gender Equality Seal for Public Institutions, FY 2567–2569.

The three dimensions follow the three levels at which the Seal works (DOMAIN.md); BMA signed its
letter of intent on 15 August 2023 (seed 004 reports the July 2024 meeting with UNDP). The
standards, indicators, unit assignments and every figure are invented for the demo; they are
not the Seal's benchmarks.
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
from naptrack.frameworks.models import Direction, PlanKind, PlanStatus, ValueType

SEAL_TH = "ตรารับรองความเท่าเทียมทางเพศสำหรับหน่วยงานภาครัฐ"

PLAN = PlanSpec(
    code="bma-gender-seal-2567",
    kind=PlanKind.INSTITUTIONAL,
    title=tx(
        f"การขับเคลื่อน{SEAL_TH}ของกรุงเทพมหานคร ปีงบประมาณ พ.ศ. 2567–2569",
        "Bangkok Metropolitan Administration: Gender Equality Seal for Public Institutions, FY 2567–2569 (2023–2026)",
        "Chính quyền Thủ đô Bangkok: Con dấu Bình đẳng giới cho các cơ quan công quyền, 2023–2026",
    ),
    short_title=tx(
        "ตรารับรองความเท่าเทียมทางเพศ กทม.",
        "BMA Gender Equality Seal",
        "Con dấu Bình đẳng giới Bangkok",
    ),
    description=tx(
        f"กรุงเทพมหานครเข้าร่วมโครงการ{SEAL_TH} (Gender Equality Seal for Public Institutions) ของ UNDP "
        "เพื่อยกระดับการส่งเสริมความเท่าเทียมทางเพศให้ได้มาตรฐานสากล โดยหลายหน่วยงานของกรุงเทพมหานครต้องทำงานร่วมกัน "
        "และจัดส่งเอกสารหลักฐานประกอบการประเมินแต่ละตัวชี้วัด ข้อมูลสาธิต: มาตรฐาน ตัวชี้วัด และค่าเป้าหมายเป็นข้อมูลสมมติ "
        "ไม่ใช่เกณฑ์จริงของตรารับรอง",
        "BMA takes part in UNDP's Gender Equality Seal for Public Institutions to bring its gender equality work up "
        "to international standards; many BMA units work together and submit evidence for each indicator. Demo data: "
        "the standards, indicators and targets are invented and are not the Seal's benchmarks.",
    ),
    owner="bma",
    area="TH-10",
    start=dt.date(2023, 10, 1),
    end=dt.date(2026, 9, 30),
    calendar="thai_fiscal",
    status=PlanStatus.PUBLISHED,
    adopted_on=dt.date(2023, 8, 15),
    adopted_by="หนังสือแสดงเจตจำนงเข้าร่วมโครงการกับ UNDP (Letter of intent with UNDP)",
    levels=(tx("มิติ", "Dimension", "Khía cạnh"), tx("มาตรฐาน", "Standard", "Tiêu chuẩn")),
    nodes=(
        NodeSpec(
            code="1",
            title=tx(
                "ภาวะผู้นำและความมุ่งมั่นทางนโยบาย",
                "Leadership and political commitment",
                "Lãnh đạo và cam kết chính trị",
            ),
            children=(
                NodeSpec(
                    code="1.1",
                    title=tx(
                        "นโยบายความเท่าเทียมทางเพศของหน่วยงาน",
                        "An institutional gender equality policy",
                    ),
                    indicators=(
                        IndicatorSpec(
                            code="1.1.1",
                            name=tx(
                                "กรุงเทพมหานครมีนโยบายความเท่าเทียมทางเพศที่ผู้ว่าราชการกรุงเทพมหานครลงนามประกาศใช้",
                                "BMA has a gender equality policy signed by the Governor",
                            ),
                            value_type=ValueType.YES_NO,
                            lead="bma-sdd",
                            support=("bma-sed",),
                            cumulative_mode=Mode.LATEST,
                            aggregation=Agg.LATEST,
                            references=("sdg:5.1.1",),
                            baseline=fig(0, period="FY2566"),
                            targets={"FY2567": 0, "FY2568": 1, "FY2569": 1},
                            life_target=1,
                            is_key=True,
                            definition=tx(
                                "เป็นเกณฑ์ที่ต้องผ่านในทุกระดับการรับรอง (ทองแดง เงิน และทอง)",
                                "Mandatory at every level of the Seal (bronze, silver and gold).",
                            ),
                            means_of_verification=tx(
                                "ประกาศนโยบายที่ลงนามแล้วและหลักฐานการเผยแพร่แก่บุคลากร",
                                "The signed policy and proof that staff were told of it",
                            ),
                        ),
                    ),
                ),
                NodeSpec(
                    code="1.2",
                    title=tx(
                        "คณะกรรมการความเท่าเทียมทางเพศและการขับเคลื่อนกระบวนการรับรอง",
                        "A gender equality committee that drives the certification process",
                    ),
                    indicators=(
                        IndicatorSpec(
                            code="1.2.1",
                            name=tx(
                                "มีการแต่งตั้งคณะกรรมการส่งเสริมความเท่าเทียมทางเพศของกรุงเทพมหานคร",
                                "A BMA gender equality committee is appointed",
                            ),
                            value_type=ValueType.YES_NO,
                            lead="bma-sdd",
                            cumulative_mode=Mode.LATEST,
                            aggregation=Agg.LATEST,
                            baseline=fig(0, period="FY2566"),
                            targets={"FY2567": 1, "FY2568": 1, "FY2569": 1},
                            life_target=1,
                            means_of_verification=tx(
                                "คำสั่งแต่งตั้งคณะกรรมการและรายงานการประชุม",
                                "Appointment order and minutes",
                            ),
                        ),
                        IndicatorSpec(
                            code="1.2.2",
                            name=tx(
                                "ขั้นตอนการดำเนินงานตามกระบวนการขอรับรองตรา",
                                "Stage reached in the Seal certification process",
                            ),
                            value_type=ValueType.MILESTONE,
                            lead="bma-sdd",
                            support=("bma-sed", ("undp", False)),
                            cumulative_mode=Mode.LATEST,
                            aggregation=Agg.LATEST,
                            frequency="semiannual",
                            baseline=text(
                                "ลงนามหนังสือแสดงเจตจำนงเข้าร่วมโครงการเมื่อ 15 ส.ค. 2566",
                                "Letter of intent signed on 15 August 2023",
                                period="FY2566",
                            ),
                            targets={
                                "FY2567": text(
                                    "แต่งตั้งคณะกรรมการ อบรมบุคลากร และประเมินตนเองเพื่อจัดทำข้อมูลฐาน",
                                    "Committee appointed, staff trained, baseline self-assessment done",
                                ),
                                "FY2568": text(
                                    "จัดทำและดำเนินการตามแผนปฏิบัติการเพื่อปิดช่องว่าง",
                                    "Action plan to close the gaps drawn up and under way",
                                ),
                                "FY2569": text(
                                    "รับการตรวจประเมินจากภายนอกและยื่นขอรับรองตรา",
                                    "External assessment done and certification requested",
                                ),
                            },
                            life_target_text=tx(
                                "ได้รับการรับรองตราระดับทองแดงขึ้นไป (ผ่านเกณฑ์ไม่น้อยกว่าร้อยละ 60)",
                                "Seal awarded at bronze level or higher (at least 60 per cent compliance)",
                            ),
                        ),
                    ),
                ),
            ),
        ),
        NodeSpec(
            code="2",
            title=tx(
                "การบริหารวงจรนโยบายสาธารณะ",
                "Public policy cycle management",
                "Quản lý chu trình chính sách công",
            ),
            children=(
                NodeSpec(
                    code="2.1",
                    title=tx(
                        "การวางแผนและงบประมาณที่คำนึงถึงมิติเพศภาวะ",
                        "Gender-responsive planning and budgeting",
                    ),
                    indicators=(
                        IndicatorSpec(
                            code="2.1.1",
                            name=tx(
                                "ร้อยละของโครงการในแผนปฏิบัติราชการประจำปีของกรุงเทพมหานครที่ผ่านการวิเคราะห์มิติเพศภาวะ",
                                "Share of projects in BMA's annual action plan that went through a gender analysis",
                            ),
                            value_type=ValueType.PERCENTAGE,
                            decimals=1,
                            lead="bma-sed",
                            support=("bma-sdd",),
                            cumulative_mode=Mode.PER_PERIOD,
                            aggregation=Agg.RATIO,
                            references=("sdg:5.c.1",),
                            baseline=ratio(
                                18,
                                240,
                                period="FY2566",
                                source="สำนักยุทธศาสตร์และประเมินผล (ข้อมูลสาธิต)",
                            ),
                            targets={
                                "FY2567": ratio(48, 240),
                                "FY2568": ratio(96, 240),
                                "FY2569": ratio(144, 240),
                            },
                            life_target=60,
                            definition=tx(
                                "ตัวตั้ง: จำนวนโครงการที่มีการวิเคราะห์มิติเพศภาวะตามแบบฟอร์มที่กำหนด "
                                "ตัวหาร: จำนวนโครงการทั้งหมดในแผนปฏิบัติราชการประจำปี",
                                "Numerator: projects with a gender analysis on the set form. Denominator: all projects "
                                "in the annual action plan.",
                            ),
                        ),
                    ),
                ),
                NodeSpec(
                    code="2.2",
                    title=tx("ข้อมูลผู้รับบริการจำแนกตามเพศ", "Data on service users by sex"),
                    indicators=(
                        IndicatorSpec(
                            code="2.2.1",
                            name=tx(
                                "จำนวนบริการสาธารณะของกรุงเทพมหานครที่จัดเก็บข้อมูลผู้รับบริการจำแนกตามเพศและช่วงอายุ",
                                "BMA public services that record their users by sex and age group",
                            ),
                            unit=tx("บริการ", "services"),
                            lead="bma-sdd",
                            support=("bma-bang-rak", "bma-sed"),
                            cumulative_mode=Mode.LATEST,
                            aggregation=Agg.SUM,
                            baseline=fig(6, period="FY2566"),
                            targets={"FY2567": 10, "FY2568": 16, "FY2569": 24},
                            life_target=24,
                        ),
                    ),
                ),
            ),
        ),
        NodeSpec(
            code="3",
            title=tx(
                "การบริหารจัดการองค์กรและสถาบัน",
                "Organisational and institutional management",
                "Quản lý tổ chức và thể chế",
            ),
            children=(
                NodeSpec(
                    code="3.1",
                    title=tx("ผู้หญิงในตำแหน่งผู้บริหาร", "Women in management"),
                    indicators=(
                        IndicatorSpec(
                            code="3.1.1",
                            name=tx(
                                "ร้อยละของผู้หญิงในตำแหน่งผู้บริหารของกรุงเทพมหานคร",
                                "Share of women among BMA executives",
                            ),
                            value_type=ValueType.PERCENTAGE,
                            decimals=1,
                            lead="bma-csc",
                            cumulative_mode=Mode.LATEST,
                            aggregation=Agg.RATIO,
                            references=("sdg:5.5.2", "sdg:16.7.1"),
                            baseline=ratio(
                                118, 310, period="FY2566", source="สำนักงาน ก.ก. (ข้อมูลสาธิต)"
                            ),
                            targets={"FY2567": 39, "FY2568": 41, "FY2569": 43},
                            life_target=43,
                            is_key=True,
                        ),
                    ),
                ),
                NodeSpec(
                    code="3.2",
                    title=tx("สภาพแวดล้อมการทำงานที่ปลอดภัยและเท่าเทียม", "A safe and equal workplace"),
                    indicators=(
                        IndicatorSpec(
                            code="3.2.1",
                            name=tx(
                                "มีกลไกป้องกันและแก้ไขปัญหาการล่วงละเมิดหรือคุกคามทางเพศในการทำงานที่ใช้ได้จริง",
                                "A working mechanism to prevent and handle sexual harassment at work",
                            ),
                            value_type=ValueType.YES_NO,
                            direction=Direction.MAINTAIN,
                            lead="bma-csc",
                            cumulative_mode=Mode.LATEST,
                            aggregation=Agg.LATEST,
                            baseline=fig(1, period="FY2566"),
                            targets={"FY2567": 1, "FY2568": 1, "FY2569": 1},
                            life_target=1,
                        ),
                        IndicatorSpec(
                            code="3.2.2",
                            name=tx(
                                "ผลการสำรวจความคิดเห็นของบุคลากรต่อความเท่าเทียมทางเพศในที่ทำงาน",
                                "What staff say about gender equality at work (staff survey)",
                            ),
                            value_type=ValueType.QUALITATIVE,
                            lead="bma-csc",
                            support=("bma-bang-rak",),
                            cumulative_mode=Mode.LATEST,
                            aggregation=Agg.LATEST,
                            baseline=text("ยังไม่เคยสำรวจ", "No survey yet", period="FY2566"),
                            targets={
                                "FY2568": text(
                                    "สำรวจครั้งแรกและรายงานประเด็นที่ต้องปรับปรุง",
                                    "First survey done; issues to address reported",
                                ),
                                "FY2569": text(
                                    "สำรวจซ้ำและเปรียบเทียบกับผลครั้งแรก",
                                    "Second survey compared with the first",
                                ),
                            },
                            life_target_text=tx(
                                "บุคลากรเห็นว่าสภาพแวดล้อมการทำงานเท่าเทียมมากขึ้นเมื่อเทียบกับการสำรวจครั้งแรก",
                                "Staff find the workplace more equal than in the first survey",
                            ),
                        ),
                        IndicatorSpec(
                            code="3.2.3",
                            name=tx(
                                "จำนวนบุคลากรที่ผ่านการอบรมเรื่องความเท่าเทียมทางเพศและการบูรณาการมิติเพศภาวะ จำแนกตามเพศ",
                                "Staff trained in gender equality and gender mainstreaming, by sex",
                            ),
                            unit=tx("คน", "persons"),
                            lead="bma-sdd",
                            support=("bma-bang-rak",),
                            cumulative_mode=Mode.CUMULATIVE,
                            aggregation=Agg.SUM,
                            dimensions=(("sex", None),),
                            baseline=fig(0, period="FY2566"),
                            targets={"FY2567": 200, "FY2568": 600, "FY2569": 1000},
                            by=(BreakdownFigures(options=("sex:male",), targets={"FY2569": 400}),),
                            life_target=1000,
                        ),
                    ),
                ),
            ),
        ),
    ),
)
