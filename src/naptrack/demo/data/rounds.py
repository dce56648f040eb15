"""Demo reporting rounds: who reports what, how far each report has gone, and what the agencies wrote.

Two plans report: the Thai NAP WPS 2567–2570 (fiscal years) and the SOMSWD work plan (calendar
years, reported by the ten member states and the ASEAN Secretariat). Each has a past round, closed
with every report accepted and locked, and an open round whose reports are at every step of the
workflow. Figures are made by reporting_loader from the plans' targets; the words are here.
Every figure, narrative, comment and piece of feedback is invented for the demo.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from naptrack.demo.data.schema import Texts, tx

# How far a report goes in its round (the workflow steps it is taken through).
DRAFT = "draft"  # opened and never touched
PARTIAL = "partial"  # a draft in progress: some indicators filled, the narrative begun
SUBMITTED = "submitted"  # sent to the agency's approver
RETURNED = (
    "returned"  # submitted, approved by the agency, returned by the coordinator with feedback
)
APPROVED = "approved"  # approved by the agency, waiting for the coordinator
ACCEPTED = "accepted"  # accepted by the coordinator (locked when the round closes)
CORRECTED = "corrected"  # returned once by the approver, corrected, resubmitted, then accepted
LATE = "late"  # accepted, but submitted after the due date

STORIES = (DRAFT, PARTIAL, SUBMITTED, RETURNED, APPROVED, ACCEPTED, CORRECTED, LATE)


@dataclass(frozen=True, kw_only=True)
class RoundSpec:
    plan: str
    period: str
    title: Texts
    opens_on: dt.date
    # A closed round has fixed dates. An open round is due a few days after the day the demo is
    # loaded (so reminders have something to do) and closes a month later.
    due_on: dt.date | None = None
    closes_on: dt.date | None = None
    due_in_days: int = 5
    closed: bool = False
    default_story: str = DRAFT
    stories: dict[str, str] = field(default_factory=dict)
    language: str = "th"


ROUNDS = (
    RoundSpec(
        plan="th-nap-wps-2567",
        period="FY2567",
        title=tx(
            "รายงานผลการดำเนินงานประจำปีงบประมาณ พ.ศ. 2567",
            "Annual progress report, fiscal year 2567 (October 2023 – September 2024)",
        ),
        opens_on=dt.date(2024, 10, 1),
        due_on=dt.date(2024, 11, 29),
        closes_on=dt.date(2024, 12, 27),
        closed=True,
        default_story=ACCEPTED,
        stories={"rtp": CORRECTED, "nsc-th": LATE},
    ),
    RoundSpec(
        plan="th-nap-wps-2567",
        period="FY2568",
        title=tx(
            "รายงานผลการดำเนินงานประจำปีงบประมาณ พ.ศ. 2568",
            "Annual progress report, fiscal year 2568 (October 2024 – September 2025)",
        ),
        opens_on=dt.date(2025, 10, 1),
        due_in_days=5,
        stories={
            "sbpac": PARTIAL,
            "rtp": SUBMITTED,
            "moi": RETURNED,
            "dwf": APPROVED,
            "sbpac-ccw": ACCEPTED,
        },
    ),
    RoundSpec(
        plan="asean-somswd-2021",
        period="CY2024",
        title=tx(
            "รายงานประจำปีของประเทศสมาชิก ค.ศ. 2024",
            "Member States' annual report, 2024",
            "Báo cáo thường niên của các quốc gia thành viên, năm 2024",
        ),
        opens_on=dt.date(2025, 1, 13),
        due_on=dt.date(2025, 2, 28),
        closes_on=dt.date(2025, 3, 31),
        closed=True,
        default_story=ACCEPTED,
        stories={"somswd-la": LATE},
        language="en",
    ),
    RoundSpec(
        plan="asean-somswd-2021",
        period="CY2025",
        title=tx(
            "รายงานประจำปีของประเทศสมาชิก ค.ศ. 2025",
            "Member States' annual report, 2025",
            "Báo cáo thường niên của các quốc gia thành viên, năm 2025",
        ),
        opens_on=dt.date(2026, 1, 12),
        due_in_days=9,
        stories={
            "somswd-th": PARTIAL,
            "somswd-ph": ACCEPTED,
            "somswd-sg": ACCEPTED,
            "somswd-vn": APPROVED,
            "somswd-id": SUBMITTED,
            "asec": SUBMITTED,
            "somswd-my": RETURNED,
        },
        language="en",
    ),
)


# --- Figures ------------------------------------------------------------------------------------

# How an agency's share of an additive target is set: the lead carries most of it.
LEAD_SHARE = 0.6
# Relative weights of agencies that share a target equally otherwise.
SHARE_WEIGHTS = {"asec": 3.0}

# How reported totals split over breakdown options (relative weights, jittered per report).
DEFAULT_WEIGHTS: dict[str, dict[str, float]] = {
    "sex": {"female": 70, "male": 29, "not-stated": 1},
    "age-group": {"0-17": 2, "18-24": 17, "25-59": 70, "60-plus": 11},
    # Songkhla counts only its four southern districts.
    "province": {"TH-90": 13, "TH-94": 31, "TH-95": 25, "TH-96": 31},
    "disability": {"with": 7, "without": 93},
}
WEIGHTS_BY_INDICATOR: dict[str, dict[str, dict[str, float]]] = {
    "1.1.1.1": {"sex": {"female": 72, "male": 27, "not-stated": 1}},
    "3.2.2.1": {
        "sex": {"female": 40, "male": 59, "not-stated": 1},
        "age-group": {"18-24": 12, "25-59": 84, "60-plus": 4},
    },
    "2.1.1.1": {"sex": {"female": 86, "male": 12, "not-stated": 2}},
    "3.1.1.1": {"sex": {"female": 45, "male": 55}},
    "3.1.2.1": {"sex": {"female": 51, "male": 49}},
}
# A breakdown's percentage relative to the total's (women feel less safe, and so on).
PERCENT_BIAS: dict[str, dict[str, float]] = {
    "3.1.2.1": {"sex=female": 0.9, "sex=male": 1.1},
    "2.1.1.1": {"sex=male": 0.95, "sex=not-stated": 0.9},
}
# Denominators for a percentage when neither the target nor the baseline gives one.
DEFAULT_DENOMINATOR = 400
# A supporting agency's denominator relative to the lead's.
SUPPORT_DENOMINATOR = 0.35

# Figures that are facts rather than draws: (plan, indicator) → period → agency ("*" for all).
FIXED_VALUES: dict[tuple[str, str], dict[str, dict[str, int]]] = {
    # Member States with gender-responsive guidelines: each reports 1 (it has them) or 0.
    ("asean-somswd-2021", "3.1.2.1"): {
        "CY2024": {"somswd-la": 0, "somswd-mm": 0, "*": 1},
        "CY2025": {"somswd-mm": 0, "*": 1},
    },
}

# Lines rated "no data" on purpose: (plan, period, agency, indicator) → reason.
NO_DATA: dict[tuple[str, str, str, str], str] = {
    (
        "asean-somswd-2021",
        "CY2024",
        "somswd-mm",
        "5.1.3",
    ): "The national survey of older persons was postponed to 2025, so no new data sets were compiled this year.",
}


@dataclass(frozen=True)
class TextFigure:
    """A milestone status or a qualitative finding, with the agency's rating of it."""

    text: str
    status: str = ""
    rating: str = "on_track"
    reason: str = ""


# Milestones and qualitative indicators: (indicator, period) → agency ("*" for any) → figure.
TEXT_FIGURES: dict[tuple[str, str], dict[str, TextFigure]] = {
    ("2.1.2.2", "FY2567"): {
        "rtp": TextFigure(
            "แต่งตั้งคณะทำงานจัดทำแนวปฏิบัติ ประกอบด้วยผู้แทน ตร. สค. อัยการ และภาคประชาสังคม "
            "และยกร่างแนวปฏิบัติการสอบสวนคดีความรุนแรงทางเพศที่ยึดผู้เสียหายเป็นศูนย์กลางแล้วเสร็จในเดือนสิงหาคม 2567",
            status="completed",
            rating="achieved",
        ),
        "*": TextFigure(
            "ส่งผู้แทนร่วมเป็นคณะทำงานและให้ข้อคิดเห็นต่อร่างแนวปฏิบัติด้านการคุ้มครองและช่วยเหลือผู้เสียหาย",
            status="completed",
            rating="achieved",
        ),
    },
    ("2.1.2.2", "FY2568"): {
        "rtp": TextFigure(
            "จัดเวทีรับฟังความคิดเห็นต่อร่างแนวปฏิบัติครบทั้ง 4 จังหวัด และปรับปรุงร่างตามข้อเสนอแล้ว "
            "อยู่ระหว่างเสนอผู้บังคับบัญชาพิจารณาประกาศใช้",
            status="in_progress",
            rating="on_track",
        ),
        "*": TextFigure(
            "ร่วมจัดเวทีรับฟังความคิดเห็นและเสนอให้เพิ่มขั้นตอนการส่งต่อผู้เสียหายไปยังศูนย์พึ่งได้และทีมสหวิชาชีพ",
            status="in_progress",
            rating="on_track",
        ),
    },
    ("4.1.2.1", "FY2567"): {
        "sbpac-ccw": TextFigure(
            "ถอดบทเรียนการฟื้นฟูเยียวยาในจังหวัดปัตตานีร่วมกับเครือข่ายสตรี พบว่าการให้ผู้หญิงที่ได้รับผลกระทบ"
            "มีส่วนออกแบบกิจกรรมฟื้นฟูอาชีพเอง ทำให้กลุ่มอาชีพดำเนินต่อเนื่องได้นานกว่าโครงการที่หน่วยงานกำหนดให้",
            rating="achieved",
        ),
        "*": TextFigure(
            "ร่วมถอดบทเรียนในจังหวัดปัตตานี ข้อค้นพบสำคัญคือการเยียวยาด้านจิตใจควรทำควบคู่กับการฟื้นฟูอาชีพ "
            "และควรมีพี่เลี้ยงที่เป็นผู้หญิงในชุมชน",
            rating="achieved",
        ),
    },
    ("4.1.2.1", "FY2568"): {
        "sbpac-ccw": TextFigure(
            "ถอดบทเรียนครบทั้ง 3 จังหวัดและ 4 อำเภอของจังหวัดสงขลา ได้ข้อเสนอ 3 ด้าน ได้แก่ การจัดเงินเยียวยาให้ผู้หญิงโดยตรง "
            "การมีผู้หญิงในคณะกรรมการเยียวยาระดับอำเภอ และการติดตามผลการฟื้นฟูอาชีพอย่างน้อย 2 ปี",
            rating="achieved",
        ),
        "*": TextFigure(
            "ร่วมถอดบทเรียนในจังหวัดยะลาและนราธิวาส และจัดเวทีคืนข้อมูลให้ผู้หญิงที่ได้รับผลกระทบในชุมชน",
            rating="on_track",
        ),
    },
}


# --- Words --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Narrative:
    progress: str
    problems: str = ""
    next_steps: str = ""
    support_needed: str = ""


# The Thai agencies' own words: (period, agency) → narrative.
NARRATIVES_TH: dict[tuple[str, str], Narrative] = {
    ("FY2567", "dwf"): Narrative(
        progress=(
            "สค. จัดอบรมหลักสูตรการไกล่เกลี่ยและการสร้างสันติภาพให้แก่ผู้นำสตรีและแกนนำชุมชนในจังหวัดชายแดนภาคใต้รวม 6 รุ่น "
            "และพัฒนาการส่งต่อเรื่องจากศูนย์ช่วยเหลือสังคมสายด่วน 1300 ไปยังทีมสหวิชาชีพในพื้นที่ให้รวดเร็วขึ้น "
            "นอกจากนี้ได้ร่วมกับ ศอ.บต. สนับสนุนกลุ่มอาชีพของสตรีที่ได้รับผลกระทบจากสถานการณ์ความไม่สงบ"
        ),
        problems=(
            "งบประมาณได้รับจัดสรรล่าช้า การอบรมส่วนใหญ่จึงต้องจัดในไตรมาสที่ 3 และ 4 "
            "ผู้เข้าอบรมบางส่วนเข้าร่วมได้ไม่ครบทุกวันเนื่องจากภาระงานและระยะทาง "
            "ระบบข้อมูลของหน่วยงานร่วมยังไม่เชื่อมโยงกัน ต้องตรวจสอบรายชื่อซ้ำด้วยมือ"
        ),
        next_steps=(
            "ปรับหลักสูตรให้กระชับและจัดอบรมในระดับอำเภอเพื่อลดการเดินทาง "
            "จัดทำทะเบียนผู้ผ่านการอบรมกลางร่วมกับ ศป.ดส. และ มท. "
            "และติดตามการนำความรู้ไปใช้ของผู้ผ่านการอบรมรุ่นแรก"
        ),
        support_needed=(
            "ขอรับการสนับสนุนงบประมาณสำหรับการติดตามผลหลังการอบรม "
            "และขอให้หน่วยงานร่วมส่งข้อมูลผู้เข้าอบรมจำแนกตามเพศและช่วงอายุตามแบบฟอร์มกลางภายในวันที่ 15 ตุลาคมของทุกปี"
        ),
    ),
    ("FY2567", "sbpac"): Narrative(
        progress=(
            "ศอ.บต. ผลักดันให้มีผู้แทนสตรีในคณะกรรมการและคณะทำงานด้านการสร้างสันติสุขระดับจังหวัดและอำเภอเพิ่มขึ้น "
            "และยกร่างแนวทางปฏิบัติร่วมในการคุ้มครองและส่งต่อสตรีและเด็กที่ได้รับผลกระทบร่วมกับ กอ.รมน. ตร. และ สค. "
            "พร้อมทั้งให้การเยียวยาและฝึกอาชีพแก่สตรีที่ได้รับผลกระทบใน 4 จังหวัด"
        ),
        problems=(
            "การสรรหาผู้แทนสตรีในคณะกรรมการระดับอำเภอยังทำได้ยากในบางพื้นที่ เนื่องจากบทบาทตามประเพณีและภาระครอบครัว "
            "ข้อมูลผู้ได้รับผลกระทบจากเหตุการณ์ความไม่สงบจำแนกตามเพศมาจากหลายแหล่ง จึงต้องใช้เวลาตรวจสอบความถูกต้อง"
        ),
        next_steps=(
            "เสนอร่างแนวทางปฏิบัติร่วมต่อที่ประชุมผู้บริหารเพื่อประกาศใช้ในปีงบประมาณ พ.ศ. 2568 "
            "และจัดเวทีเสริมพลังผู้นำสตรีก่อนการแต่งตั้งคณะกรรมการชุดใหม่"
        ),
        support_needed=(
            "ขอให้ สสช. สนับสนุนการเชื่อมโยงข้อมูลผู้ได้รับผลกระทบจำแนกตามเพศและอายุ "
            "และขอให้ มท. กำชับอำเภอให้คำนึงถึงสัดส่วนสตรีในการแต่งตั้งคณะทำงาน"
        ),
    ),
    ("FY2567", "rtp"): Narrative(
        progress=(
            "ตร. แต่งตั้งคณะทำงานและยกร่างแนวปฏิบัติการสอบสวนคดีความรุนแรงทางเพศที่ยึดผู้เสียหายเป็นศูนย์กลางแล้วเสร็จ "
            "เพิ่มพนักงานสอบสวนหญิงประจำสถานีตำรวจในจังหวัดชายแดนภาคใต้ "
            "และส่งข้าราชการตำรวจหญิงเข้าร่วมภารกิจรักษาสันติภาพของสหประชาชาติ"
        ),
        problems=(
            "การแต่งตั้งโยกย้ายประจำปีล่าช้ากว่ากำหนด สัดส่วนตำรวจหญิงในตำแหน่งสารวัตรขึ้นไปจึงเพิ่มขึ้นช้ากว่าที่คาด "
            "พนักงานสอบสวนหญิงบางส่วนขอย้ายกลับภูมิลำเนาเมื่อปฏิบัติงานในพื้นที่ครบวาระ"
        ),
        next_steps=(
            "นำร่างแนวปฏิบัติไปรับฟังความคิดเห็นจากหน่วยงานและภาคประชาสังคม "
            "จัดอบรมพนักงานสอบสวนหญิงรุ่นใหม่ และพิจารณาสิ่งจูงใจให้ปฏิบัติงานในพื้นที่ต่อเนื่อง"
        ),
        support_needed=(
            "ขอให้ สค. สนับสนุนวิทยากรด้านการช่วยเหลือผู้เสียหายโดยคำนึงถึงบาดแผลทางใจ "
            "และขอให้ ศอ.บต. สนับสนุนที่พักสำหรับพนักงานสอบสวนหญิงที่ย้ายมาปฏิบัติงานในพื้นที่"
        ),
    ),
    ("FY2567", "moi"): Narrative(
        progress=(
            "มท. โดยกรมการปกครองจัดอบรมการบูรณาการมิติเพศให้แก่ปลัดอำเภอ กำนัน ผู้ใหญ่บ้าน และอาสารักษาดินแดนในจังหวัดชายแดนภาคใต้ "
            "และส่งเสริมให้จังหวัดบรรจุประเด็นสตรี สันติภาพ และความมั่นคงไว้ในแผนพัฒนาจังหวัด โดยจังหวัดนำร่องดำเนินการแล้ว"
        ),
        problems=(
            "ผู้เข้าอบรมส่วนใหญ่เป็นผู้ชายตามโครงสร้างตำแหน่งในพื้นที่ สัดส่วนผู้เข้าอบรมหญิงจึงต่ำกว่าที่ตั้งไว้ "
            "และรอบการทบทวนแผนพัฒนาจังหวัดไม่ตรงกับปีงบประมาณของแผนปฏิบัติการ"
        ),
        next_steps=(
            "กำหนดสัดส่วนผู้เข้าอบรมหญิงไว้ในหนังสือเชิญ จัดหลักสูตรสำหรับผู้ช่วยผู้ใหญ่บ้านฝ่ายสตรี "
            "และจัดทำแนวทางให้จังหวัดใช้ในการทบทวนแผนพัฒนาจังหวัดรอบถัดไป"
        ),
        support_needed=(
            "ขอให้ สค. สนับสนุนหลักสูตรและวิทยากรด้านการบูรณาการมิติเพศ "
            "และขอคำแนะนำในการกำหนดตัวชี้วัดด้านสตรีในแผนพัฒนาจังหวัด"
        ),
    ),
    ("FY2567", "sbpac-ccw"): Narrative(
        progress=(
            "ศป.ดส. สนับสนุนเครือข่ายสตรีในพื้นที่ให้จัดกิจกรรมสร้างสันติสุขระดับชุมชน เช่น วงพูดคุยของแม่และเยาวชน "
            "และการเฝ้าระวังความรุนแรงในครอบครัว และร่วมกับเครือข่ายสตรีถักทอสันติสุขชายแดนใต้ถอดบทเรียนการฟื้นฟูเยียวยาในจังหวัดปัตตานี"
        ),
        problems=(
            "เครือข่ายขนาดเล็กหลายแห่งยังขาดทักษะการเขียนโครงการและการรายงานการเงิน ทำให้การเบิกจ่ายล่าช้า "
            "การลงพื้นที่ห่างไกลบางช่วงต้องงดเนื่องจากสถานการณ์ความปลอดภัย"
        ),
        next_steps=(
            "จัดพี่เลี้ยงด้านการบริหารโครงการให้เครือข่ายขนาดเล็ก "
            "และขยายการถอดบทเรียนไปยังจังหวัดยะลา นราธิวาส และ 4 อำเภอของจังหวัดสงขลา"
        ),
        support_needed=(
            "ขอให้ ศอ.บต. ปรับขั้นตอนการเบิกจ่ายเงินอุดหนุนเครือข่ายให้ง่ายขึ้น "
            "และขอให้ สค. สนับสนุนวิทยากรด้านการถอดบทเรียน"
        ),
    ),
    ("FY2567", "isoc"): Narrative(
        progress=(
            "กอ.รมน. ภาค 4 ส่วนหน้า ส่งเสริมให้สตรีเข้าร่วมคณะทำงานสร้างสันติสุขระดับพื้นที่ "
            "จัดอบรมการบูรณาการมิติเพศให้แก่เจ้าหน้าที่ฝ่ายความมั่นคงร่วมกับ มท. "
            "และให้ข้อมูลประกอบการยกร่างแนวทางปฏิบัติร่วมในการคุ้มครองสตรีและเด็ก"
        ),
        problems=(
            "การหมุนเวียนกำลังพลทำให้ผู้ผ่านการอบรมย้ายออกนอกพื้นที่บ่อย "
            "และแบบบันทึกเหตุการณ์บางส่วนไม่มีข้อมูลเพศและอายุของผู้ได้รับผลกระทบ"
        ),
        next_steps=(
            "บรรจุหัวข้อการบูรณาการมิติเพศในการปฐมนิเทศกำลังพลก่อนเข้าพื้นที่ "
            "และปรับแบบบันทึกเหตุการณ์ให้มีช่องข้อมูลเพศและอายุ"
        ),
        support_needed="ขอให้ สค. จัดทำสื่อการอบรมแบบสั้นสำหรับกำลังพลที่หมุนเวียนเข้าพื้นที่",
    ),
    ("FY2567", "mod-th"): Narrative(
        progress=(
            "กห. ส่งกำลังพลหญิงเข้าร่วมภารกิจรักษาสันติภาพของสหประชาชาติ "
            "และเตรียมความพร้อมผ่านหลักสูตรผู้สังเกตการณ์ทางทหาร "
            "พร้อมทั้งให้ความเห็นต่อการบูรณาการมิติเพศในนโยบายด้านความมั่นคง"
        ),
        problems=(
            "ตำแหน่งในภารกิจที่เปิดรับกำลังพลหญิงมีจำกัดและขึ้นกับการจัดสรรของสหประชาชาติ "
            "กำลังพลหญิงที่มีคุณสมบัติด้านภาษายังมีจำนวนน้อย"
        ),
        next_steps=(
            "จัดหลักสูตรภาษาอังกฤษและภาษาฝรั่งเศสให้กำลังพลหญิงที่สนใจ "
            "และเตรียมรายชื่อกำลังพลหญิงสำรองไว้ล่วงหน้าสำหรับการหมุนเวียนรอบถัดไป"
        ),
        support_needed="ขอให้ กต. ประสานขอข้อมูลตำแหน่งว่างในภารกิจที่เหมาะกับกำลังพลหญิงล่วงหน้า",
    ),
    ("FY2567", "mfa-th"): Narrative(
        progress=(
            "กต. นำเสนอความก้าวหน้าของแผนปฏิบัติการด้านสตรี สันติภาพ และความมั่นคงของไทยในเวทีอาเซียนและเวทีสหประชาชาติ "
            "และสนับสนุนการแลกเปลี่ยนประสบการณ์ระหว่างหน่วยงานไทยกับประเทศสมาชิกอาเซียน"
        ),
        problems="ข้อมูลผลการดำเนินงานจากหน่วยงานต่าง ๆ มาไม่พร้อมกัน การเตรียมเอกสารสำหรับเวทีระหว่างประเทศจึงต้องเร่งรัด",
        next_steps="จัดทำเอกสารสรุปผลการดำเนินงานภาษาอังกฤษปีละครั้งร่วมกับ สค. เพื่อใช้ในเวทีต่าง ๆ",
        support_needed="ขอให้ สค. ส่งข้อมูลผลการดำเนินงานที่รับรองแล้วภายในเดือนธันวาคมของทุกปี",
    ),
    ("FY2567", "ops-msdhs"): Narrative(
        progress=(
            "สป.พม. โดยศูนย์ช่วยเหลือสังคมสายด่วน 1300 และทีมสหวิชาชีพจังหวัด ให้ความช่วยเหลือผู้ถูกกระทำความรุนแรงด้วยเหตุแห่งเพศ "
            "และร่วมฝึกอาชีพให้สตรีที่ได้รับผลกระทบจากสถานการณ์ความไม่สงบ"
        ),
        problems=(
            "เจ้าหน้าที่ทีมสหวิชาชีพบางจังหวัดมีไม่เพียงพอ โดยเฉพาะช่วงวันหยุดยาว "
            "บางกรณีจึงได้รับความช่วยเหลือเกิน 24 ชั่วโมง"
        ),
        next_steps=(
            "จัดเวรเจ้าหน้าที่ร่วมกับบ้านพักเด็กและครอบครัวในช่วงวันหยุด และอบรมอาสาสมัครพัฒนาสังคมให้ช่วยคัดกรองเบื้องต้น"
        ),
        support_needed="ขอรับการสนับสนุนอัตรากำลังนักสังคมสงเคราะห์ในจังหวัดชายแดนภาคใต้เพิ่มเติม",
    ),
    ("FY2567", "nso-th"): Narrative(
        progress=(
            "สสช. สำรวจความรู้สึกปลอดภัยของประชาชนในจังหวัดชายแดนภาคใต้จำแนกตามเพศ "
            "และเริ่มออกแบบระบบข้อมูลกลางด้านความรุนแรงต่อสตรีและเด็กร่วมกับ สค. และ ศอ.บต."
        ),
        problems="หน่วยงานเจ้าของข้อมูลใช้รหัสพื้นที่และนิยามไม่ตรงกัน จึงต้องจัดทำมาตรฐานข้อมูลก่อนเชื่อมโยง",
        next_steps=(
            "จัดทำมาตรฐานข้อมูลและข้อตกลงการแลกเปลี่ยนข้อมูลกับหน่วยงานเจ้าของข้อมูล "
            "และทดลองเชื่อมโยงข้อมูลจาก 2 หน่วยงานนำร่อง"
        ),
        support_needed=(
            "ขอให้หน่วยงานเจ้าของข้อมูลแต่งตั้งผู้ประสานงานด้านข้อมูล "
            "และขอรับงบประมาณพัฒนาระบบในปีงบประมาณ พ.ศ. 2568"
        ),
    ),
    ("FY2567", "nsc-th"): Narrative(
        progress=(
            "สมช. บรรจุประเด็นสตรี สันติภาพ และความมั่นคงไว้ในร่างนโยบายการบริหารและพัฒนาจังหวัดชายแดนภาคใต้ "
            "และจัดประชุมหารือกับ กอ.รมน. และ กห. เรื่องการบูรณาการมิติเพศในแผนด้านความมั่นคง"
        ),
        problems="การพิจารณาร่างนโยบายต้องผ่านหลายขั้นตอน การรายงานผลจึงล่าช้ากว่ากำหนด",
        next_steps="ติดตามการบูรณาการมิติเพศในแผนระดับชาติว่าด้วยความมั่นคงฉบับถัดไป",
        support_needed="ขอให้ สค. สนับสนุนข้อมูลและผู้เชี่ยวชาญด้านเพศภาวะในการยกร่างแผน",
    ),
    ("FY2567", "csn-women-weaving-peace"): Narrative(
        progress=(
            "เครือข่ายจัดวงพูดคุยสันติสุขของผู้หญิงในชุมชน "
            "และร่วมกับ ศป.ดส. ถอดบทเรียนการฟื้นฟูเยียวยาผู้หญิงที่สูญเสียสมาชิกในครอบครัวจากเหตุการณ์ความไม่สงบในจังหวัดปัตตานี"
        ),
        problems="สมาชิกเครือข่ายส่วนใหญ่เป็นอาสาสมัครและมีภาระครอบครัว จึงจัดกิจกรรมได้ไม่สม่ำเสมอ",
        next_steps="ขยายวงพูดคุยไปยังชุมชนใหม่และพัฒนาแกนนำรุ่นใหม่",
        support_needed="ขอรับการสนับสนุนค่าเดินทางและค่าอาหารสำหรับกิจกรรมในชุมชนห่างไกล",
    ),
    ("FY2567", "csn-young-women-narathiwat"): Narrative(
        progress=(
            "กลุ่มจัดค่ายเยาวชนหญิงเพื่อสันติสุขและเปิดพื้นที่ปลอดภัยให้เยาวชนหญิงได้พูดคุยเรื่องความรุนแรงและการสร้างสันติสุขในจังหวัดนราธิวาส"
        ),
        problems="ผู้ปกครองบางส่วนยังไม่อนุญาตให้เยาวชนหญิงร่วมกิจกรรมค้างคืน",
        next_steps="จัดกิจกรรมแบบไปกลับและเชิญผู้ปกครองร่วมกิจกรรมเปิดค่าย",
        support_needed="ขอให้ ศป.ดส. ช่วยรับรองกิจกรรมต่อผู้นำชุมชนและผู้ปกครอง",
    ),
    # The open round: the reports that have gone beyond an untouched draft.
    ("FY2568", "sbpac"): Narrative(
        progress=(
            "ศอ.บต. ประกาศใช้แนวทางปฏิบัติร่วมในการคุ้มครองและส่งต่อสตรีและเด็กที่ได้รับผลกระทบแล้ว "
            "อยู่ระหว่างรวบรวมข้อมูลการเยียวยาและฝึกอาชีพสตรีที่ได้รับผลกระทบจากทั้ง 4 จังหวัด"
        ),
    ),
    ("FY2568", "rtp"): Narrative(
        progress=(
            "ตร. จัดเวทีรับฟังความคิดเห็นต่อร่างแนวปฏิบัติการสอบสวนคดีความรุนแรงทางเพศครบทั้ง 4 จังหวัด "
            "โดยมีผู้แทนหน่วยงานและภาคประชาสังคมเข้าร่วม และปรับปรุงร่างตามข้อเสนอแล้ว "
            "จำนวนพนักงานสอบสวนหญิงในพื้นที่เพิ่มขึ้นจากปีก่อน และมีการอบรมการสัมภาษณ์ผู้เสียหายอย่างปลอดภัย"
        ),
        problems=(
            "ข้อเสนอบางส่วนจากเวทีรับฟังความคิดเห็นต้องแก้ไขระเบียบที่เกี่ยวข้อง จึงต้องใช้เวลาประสานกับสำนักงานอัยการ "
            "ห้องสอบสวนที่เป็นสัดส่วนและเป็นมิตรกับผู้เสียหายยังมีไม่ครบทุกสถานี"
        ),
        next_steps=(
            "เสนอร่างแนวปฏิบัติฉบับปรับปรุงเพื่อประกาศใช้ในปีงบประมาณ พ.ศ. 2569 "
            "และจัดทำแผนปรับปรุงห้องสอบสวนในสถานีตำรวจนำร่อง 12 แห่ง"
        ),
        support_needed=(
            "ขอรับการสนับสนุนงบประมาณปรับปรุงห้องสอบสวนที่เป็นมิตรกับผู้เสียหาย "
            "และขอให้ สค. ร่วมจัดทำคู่มือการส่งต่อผู้เสียหายไปยังศูนย์พึ่งได้"
        ),
    ),
    ("FY2568", "moi"): Narrative(
        progress=(
            "มท. จัดอบรมการบูรณาการมิติเพศให้แก่เจ้าหน้าที่ฝ่ายปกครองและฝ่ายความมั่นคงต่อเนื่องจากปีก่อน "
            "โดยเพิ่มหลักสูตรสำหรับผู้ช่วยผู้ใหญ่บ้านฝ่ายสตรี "
            "และมีจังหวัดที่บรรจุประเด็นสตรี สันติภาพ และความมั่นคงไว้ในแผนพัฒนาจังหวัดเพิ่มขึ้น"
        ),
        problems=(
            "การอบรมบางรุ่นต้องเลื่อนออกไปเนื่องจากอุทกภัยในบางอำเภอ "
            "และบางจังหวัดยังอยู่ระหว่างการทบทวนแผนพัฒนาจังหวัด"
        ),
        next_steps=(
            "จัดอบรมชดเชยรุ่นที่เลื่อนในไตรมาสแรกของปีงบประมาณ พ.ศ. 2569 "
            "และติดตามจังหวัดที่ยังไม่ได้บรรจุประเด็นให้ดำเนินการในรอบการทบทวนแผนครั้งถัดไป"
        ),
        support_needed="ขอให้ สค. สนับสนุนข้อมูลสถานการณ์ด้านสตรีรายจังหวัดเพื่อประกอบการทบทวนแผนพัฒนาจังหวัด",
    ),
    ("FY2568", "dwf"): Narrative(
        progress=(
            "สค. ขยายการอบรมหลักสูตรการไกล่เกลี่ยและการสร้างสันติภาพไปยังระดับอำเภอ "
            "และทำงานร่วมกับ ตร. และ สป.พม. ให้ผู้ถูกกระทำความรุนแรงด้วยเหตุแห่งเพศได้รับความช่วยเหลือภายใน 24 ชั่วโมงมากขึ้น "
            "รวมทั้งร่วมถอดบทเรียนการฟื้นฟูเยียวยาที่คำนึงถึงมิติเพศภาวะกับ ศป.ดส. และเครือข่ายภาคประชาสังคม"
        ),
        problems=(
            "ผู้แจ้งเหตุผ่านสายด่วน 1300 เพิ่มขึ้นในช่วงครึ่งปีหลัง เจ้าหน้าที่ในบางจังหวัดจึงไม่เพียงพอ "
            "ผู้ผ่านการอบรมบางส่วนย้ายออกนอกพื้นที่ ทำให้ติดตามผลการนำความรู้ไปใช้ได้ไม่ครบ"
        ),
        next_steps=(
            "จัดทำระบบติดตามผู้ผ่านการอบรมแบบออนไลน์ เพิ่มทีมสหวิชาชีพเคลื่อนที่เร็วในจังหวัดที่มีผู้แจ้งเหตุมาก "
            "และจัดทำชุดบทเรียนการฟื้นฟูเยียวยาเพื่อเผยแพร่ในปีงบประมาณ พ.ศ. 2569"
        ),
        support_needed=(
            "ขอรับการสนับสนุนอัตรากำลังนักสังคมสงเคราะห์เพิ่มเติมในจังหวัดชายแดนภาคใต้ "
            "และขอให้หน่วยงานร่วมแต่งตั้งผู้ประสานงานข้อมูลประจำหน่วยงาน"
        ),
    ),
    ("FY2568", "sbpac-ccw"): Narrative(
        progress=(
            "ศป.ดส. สนับสนุนเครือข่ายสตรีครอบคลุมทั้ง 4 จังหวัด และถอดบทเรียนการฟื้นฟูเยียวยาที่คำนึงถึงมิติเพศภาวะ"
            "ครบทั้ง 3 จังหวัดและ 4 อำเภอของจังหวัดสงขลา "
            "ผู้นำเครือข่ายสตรีที่ผ่านการอบรมการไกล่เกลี่ยได้ช่วยไกล่เกลี่ยข้อพิพาทในชุมชนหลายกรณี"
        ),
        problems="เครือข่ายบางแห่งมีผู้นำคนเดียวรับภาระหลายด้าน เมื่อผู้นำย้ายหรือไม่สะดวก กิจกรรมจึงหยุดชะงัก",
        next_steps=(
            "สร้างผู้นำรุ่นใหม่ในแต่ละเครือข่ายอย่างน้อยเครือข่ายละ 2 คน "
            "และจัดทำข้อเสนอเชิงนโยบายจากบทเรียนการฟื้นฟูเยียวยาเสนอต่อ ศอ.บต."
        ),
        support_needed=(
            "ขอรับการสนับสนุนงบประมาณต่อเนื่องสำหรับเครือข่ายที่ดำเนินงานได้ดี "
            "และขอให้ สค. ช่วยเผยแพร่ชุดบทเรียนในเวทีระดับชาติ"
        ),
    ),
}

# For a Thai agency without its own words above.
GENERIC_TH = Narrative(
    progress=(
        "{agency} ดำเนินงานตามตัวชี้วัดที่รับผิดชอบในแผนปฏิบัติการด้านสตรี สันติภาพ และความมั่นคงตามแผนงานประจำปี "
        "และประสานการดำเนินงานกับ สค. และหน่วยงานในพื้นที่อย่างต่อเนื่อง"
    ),
    problems="การรวบรวมข้อมูลจากหน่วยงานในสังกัดใช้เวลามากกว่าที่คาด เนื่องจากยังไม่มีแบบฟอร์มกลาง",
    next_steps="จัดทำแบบฟอร์มเก็บข้อมูลตามตัวชี้วัดให้หน่วยงานในสังกัดใช้ตั้งแต่ต้นปีงบประมาณ",
    support_needed="ขอให้ สค. จัดประชุมชี้แจงนิยามตัวชี้วัดและวิธีรายงานก่อนเปิดรอบรายงาน",
)

# SOMSWD: the Member States write in English; sentences are picked per report.
COUNTRY_NAMES = {
    "somswd-bn": "Brunei Darussalam",
    "somswd-kh": "Cambodia",
    "somswd-id": "Indonesia",
    "somswd-la": "Lao PDR",
    "somswd-my": "Malaysia",
    "somswd-mm": "Myanmar",
    "somswd-ph": "the Philippines",
    "somswd-sg": "Singapore",
    "somswd-th": "Thailand",
    "somswd-vn": "Viet Nam",
}
# "{country} {dialogues}; {recommendations}." with the counts spelled out by the loader.
DIALOGUES_EN = {
    0: "did not take part in a regional dialogue or meeting in {year}",
    1: "took part in one regional dialogue with Member States, partners and civil-society organisations in {year}",
    "n": "took part in {n} regional dialogues and meetings with Member States, partners and civil-society organisations in {year}",
}
RECOMMENDATIONS_EN = {
    0: "it has not yet completed action on a recommendation from these forums",
    1: "it has acted on one recommendation from these forums since the work plan began",
    "n": "it has acted on {n} recommendations from these forums since the work plan began",
}
PROGRESS_MORE_EN = (
    "The national committee on older persons reviewed the long-term care strategy and shared its findings with the ASEAN Secretariat.",
    "A revised child protection regulation was adopted after consultation with provincial social welfare offices.",
    "The disability registration system now records sex and age, so services can be planned for women and girls with disabilities.",
    "Social workers in three provinces were trained on the regional guidelines for community-based care.",
    "The ministry published its first statistical brief on older persons living alone.",
    "A pilot of gender-responsive case management for persons with disabilities started in two districts.",
)
PROBLEMS_EN = (
    "Data from provincial offices arrived late and in different formats, which delayed the national compilation.",
    "Staff turnover in the social welfare department slowed the follow-up of forum recommendations.",
    "Budget for regional travel was cut mid-year, so some meetings were attended online only.",
    "Several policy amendments are still awaiting approval by the legislature.",
    "Coordination between the ministries in charge of children, disability and ageing remains uneven.",
)
NEXT_STEPS_EN = (
    "Agree a common data template with provincial offices before the next reporting round.",
    "Bring the pending policy amendments to the cabinet in the first half of next year.",
    "Hold a national workshop to follow up the recommendations of the last regional forum.",
    "Extend the community-based care pilot to two more provinces.",
    "Publish the national data set on older persons on the open data portal.",
)
SUPPORT_EN = (
    "Technical support from the ASEAN Secretariat on the disaggregation of data by sex, age and disability.",
    "Exchange visits with Member States that have integrated long-term care services.",
    "Support from dialogue partners for training provincial staff in data management.",
    "Guidance on how to count recommendations acted upon, so that Member States report alike.",
)
ASEC_NARRATIVE = Narrative(
    progress=(
        "The ASEAN Secretariat organised {dialogues} in {year}, including the annual dialogue with "
        "civil-society organisations on the rights of older persons and persons with disabilities, and "
        "followed up {recommendations} acted upon since the work plan began."
    ),
    problems="Member States reported on different schedules, so the regional summary had to be updated twice.",
    next_steps="Circulate a common reporting calendar and template to all Member States early in the year.",
    support_needed="Continued support from dialogue partners for the regional dialogues and for translating the summary report.",
)

# Words for the steps of the workflow.
APPROVE_COMMENTS_TH = (
    "ตรวจสอบกับเอกสารหลักฐานแล้ว ข้อมูลถูกต้อง เห็นควรเสนอ สค.",
    "ตรวจสอบแล้ว อนุมัติให้ส่งรายงาน",
    "ข้อมูลครบถ้วนตามแบบรายงาน อนุมัติ",
)
ACCEPT_COMMENTS_TH = (
    "สค. ตรวจสอบและรับรองข้อมูลแล้ว ขอบคุณสำหรับรายงานที่ครบถ้วน",
    "รับรองรายงาน ข้อมูลสอดคล้องกับหลักฐานที่แนบ",
    "รับรองแล้ว",
)
APPROVE_COMMENTS_EN = (
    "Checked against the national records; approved.",
    "Approved for submission to SOMSWD.",
)
ACCEPT_COMMENTS_EN = (
    "Accepted. Thank you for the complete report.",
    "Accepted; the figures match the regional summary.",
    "Accepted.",
)

# Feedback that sends a report back: (plan, period, agency) → text.
FEEDBACK: dict[tuple[str, str, str], str] = {
    ("th-nap-wps-2567", "FY2568", "moi"): (
        "ขอให้ มท. ตรวจสอบจำนวนผู้ผ่านการอบรมการบูรณาการมิติเพศ (ตัวชี้วัด 3.2.2.1) จำแนกตามเพศและช่วงอายุอีกครั้ง "
        "เนื่องจากยังไม่ตรงกับทะเบียนผู้ผ่านการอบรมที่ สค. ได้รับ "
        "และขอให้ระบุชื่อจังหวัดที่บรรจุประเด็นสตรี สันติภาพ และความมั่นคงในแผนพัฒนาจังหวัดไว้ในหมายเหตุของตัวชี้วัด 4.1.2.2"
    ),
    ("asean-somswd-2021", "CY2025", "somswd-my"): (
        "Please check the cumulative count of policies amended (5.1.1): it should include the policies "
        "already counted for 2024. Please also name the data sets shared with the Secretariat in the "
        "comment on 5.1.3."
    ),
}


@dataclass(frozen=True)
class Correction:
    """An approver's return of a submitted report and the reporter's fix to one figure."""

    indicator: str
    breakdown: str
    delta: int
    feedback: str
    comment: str


CORRECTIONS: dict[tuple[str, str, str], Correction] = {
    ("th-nap-wps-2567", "FY2567", "rtp"): Correction(
        indicator="2.1.1.2",
        breakdown="province=TH-95",
        delta=2,
        feedback=(
            "จำนวนพนักงานสอบสวนหญิงจังหวัดยะลา (ตัวชี้วัด 2.1.1.2) ไม่ตรงกับคำสั่งแต่งตั้ง ณ วันที่ 30 กันยายน 2567 "
            "ขอให้ตรวจสอบและแก้ไขก่อนส่งอีกครั้ง"
        ),
        comment="แก้ไขจำนวนจังหวัดยะลาตามคำสั่งแต่งตั้ง ณ วันที่ 30 กันยายน 2567",
    ),
}

# A line's comment, now and then: where the figure comes from.
LINE_COMMENTS_TH = (
    "ข้อมูล ณ วันที่ {end} จากทะเบียนของหน่วยงาน",
    "รวบรวมจากรายงานผลการดำเนินงานของจังหวัดและอำเภอ",
    "ตรวจสอบกับเอกสารหลักฐานและรายชื่อผู้เข้าร่วมแล้ว",
    "ตัวเลขรวมเฉพาะกิจกรรมที่ดำเนินการเสร็จภายในปีงบประมาณ",
)
LINE_COMMENTS_EN = (
    "Figure as of {end}, from the ministry's records.",
    "Compiled from the reports of the provincial social welfare offices.",
    "Counted once per policy, whichever agency proposed it.",
)

# Why an indicator is at risk or off track: by indicator, else any.
REASONS_TH: dict[str, tuple[str, ...]] = {
    "*": (
        "งบประมาณได้รับจัดสรรล่าช้า ทำให้เริ่มกิจกรรมได้ในไตรมาสที่ 3",
        "ต้องเลื่อนกิจกรรมบางส่วนเนื่องจากสถานการณ์ความปลอดภัยในพื้นที่",
        "หน่วยงานในพื้นที่ส่งข้อมูลไม่ครบ อยู่ระหว่างติดตาม",
        "ต้องเลื่อนกิจกรรมบางรุ่นเนื่องจากอุทกภัยในพื้นที่",
    ),
    "1.1.1.1": ("การอบรมบางรุ่นต้องเลื่อนไปปีงบประมาณถัดไปเนื่องจากได้รับจัดสรรงบประมาณล่าช้า",),
    "1.1.1.2": ("การแต่งตั้งคณะกรรมการชุดใหม่ในบางอำเภอยังไม่แล้วเสร็จ",),
    "1.1.2.1": ("การแต่งตั้งโยกย้ายประจำปีล่าช้า ตำแหน่งที่ว่างยังไม่ได้รับการแต่งตั้ง",),
    "1.2.1.1": ("เครือข่ายบางแห่งยังไม่ได้ส่งข้อเสนอโครงการ จึงยังไม่ได้รับการสนับสนุนในปีนี้",),
    "1.3.1.1": ("เวทีระดับภูมิภาคที่กำหนดไว้เลื่อนไปจัดในปีถัดไป",),
    "2.1.1.1": ("เจ้าหน้าที่ทีมสหวิชาชีพไม่เพียงพอในช่วงวันหยุดยาว บางกรณีจึงได้รับความช่วยเหลือเกิน 24 ชั่วโมง",),
    "2.1.2.1": ("อยู่ระหว่างออกคำสั่งภายในหน่วยงานเพื่อนำแนวทางปฏิบัติร่วมไปใช้",),
    "3.1.2.1": ("เหตุการณ์ความไม่สงบในช่วงก่อนการสำรวจทำให้ความรู้สึกปลอดภัยลดลง โดยเฉพาะในกลุ่มผู้หญิง",),
    "3.2.1.1": ("ร่างแผนอยู่ระหว่างการพิจารณาของคณะรัฐมนตรี",),
    "3.2.2.1": ("การอบรมบางรุ่นต้องเลื่อนเนื่องจากผู้เข้าอบรมติดภารกิจด้านความมั่นคงเร่งด่วน",),
    "4.1.1.1": ("การฝึกอาชีพบางรุ่นต้องเลื่อนเนื่องจากอุทกภัยในพื้นที่",),
    "4.1.1.2": ("ผู้ผ่านการฝึกอาชีพบางส่วนยังขาดช่องทางการตลาด รายได้จึงยังไม่เพิ่มขึ้นภายใน 12 เดือน",),
    "4.1.2.2": ("จังหวัดที่เหลืออยู่ระหว่างการทบทวนแผนพัฒนาจังหวัด",),
    "1.1.2.2": ("สหประชาชาติปรับลดกำลังพลในภารกิจ ตำแหน่งที่เปิดรับมีน้อยกว่าที่คาด",),
    "3.1.1.1": ("เหตุการณ์ความไม่สงบที่มีผู้หญิงและเด็กได้รับผลกระทบเพิ่มขึ้นในไตรมาสที่ 2",),
    "2.1.1.2": ("พนักงานสอบสวนหญิงบางส่วนย้ายออกนอกพื้นที่และยังไม่มีผู้มาแทน",),
}
REASONS_EN: dict[str, tuple[str, ...]] = {
    "*": (
        "Provincial data were incomplete at the time of reporting.",
        "Activities were delayed by the mid-year budget revision.",
        "The policy drafts are still awaiting approval.",
    ),
    "3.1.2.1": ("The guidelines have been drafted and are awaiting approval by the ministry.",),
    "5.1.1": ("The policy amendments are still awaiting approval by the legislature.",),
    "5.1.2": ("Budget for regional travel was cut mid-year, so fewer meetings were attended.",),
    "5.1.3": (
        "The data set on long-term care is still being cleaned and will be shared next year.",
    ),
    "5.1.4": ("Two recommendations are being acted on, but the work is not yet complete.",),
}
