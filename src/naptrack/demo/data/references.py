"""Outside frameworks that plans align to: UNSCR 1325's pillars, the ASEAN RPA on WPS, SDG 5 and 16.

SDG titles in English follow the global indicator framework; the Thai titles are our translations.
The ASEAN RPA actions are short paraphrases that have not been checked against the RPA's text:
ReferenceItem has no field for that, so their titles say so.
"""

from naptrack.demo.data.schema import tx

UNCHECKED_TH = " (ถอดความ ยังไม่ได้ตรวจกับต้นฉบับ)"
UNCHECKED_EN = " (paraphrase, not checked against the RPA text)"

FRAMEWORKS = {
    "unscr-1325": {
        "name": tx(
            "ข้อมติคณะมนตรีความมั่นคงแห่งสหประชาชาติที่ 1325 (ค.ศ. 2000) ว่าด้วยสตรี สันติภาพ และความมั่นคง",
            "UN Security Council resolution 1325 (2000) on women, peace and security",
            "Nghị quyết 1325 (2000) của Hội đồng Bảo an Liên hợp quốc về Phụ nữ, Hòa bình và An ninh",
        ),
        "url": "https://undocs.org/S/RES/1325(2000)",
        "items": {
            # The four pillars by which S/2010/498 groups the global indicators.
            "prevention": tx("การป้องกัน", "Prevention", "Phòng ngừa"),
            "participation": tx("การมีส่วนร่วม", "Participation", "Tham gia"),
            "protection": tx("การคุ้มครอง", "Protection", "Bảo vệ"),
            "relief-recovery": tx(
                "การบรรเทาทุกข์และการฟื้นฟู", "Relief and Recovery", "Cứu trợ và phục hồi"
            ),
        },
    },
    "asean-rpa-wps": {
        "name": tx(
            "แผนปฏิบัติการระดับภูมิภาคอาเซียนว่าด้วยสตรี สันติภาพ และความมั่นคง",
            "ASEAN Regional Plan of Action on Women, Peace and Security",
            "Kế hoạch hành động khu vực ASEAN về Phụ nữ, Hòa bình và An ninh",
        ),
        "url": "https://wps.asean.org/",
        "items": {
            # The RPA's matrices, in its order; actions are numbered pillar.strategy.action.
            "1": tx("เสาหลักที่ 1 การคุ้มครอง", "Pillar 1: Protection", "Trụ cột 1: Bảo vệ"),
            "2": tx("เสาหลักที่ 2 การมีส่วนร่วม", "Pillar 2: Participation", "Trụ cột 2: Tham gia"),
            "3": tx("เสาหลักที่ 3 การป้องกัน", "Pillar 3: Prevention", "Trụ cột 3: Phòng ngừa"),
            "4": tx(
                "เสาหลักที่ 4 การบรรเทาทุกข์และการฟื้นฟู",
                "Pillar 4: Relief and Recovery",
                "Trụ cột 4: Cứu trợ và phục hồi",
            ),
            "5": tx(
                "การนำไปปฏิบัติ การประสานงาน การรายงาน และการติดตามประเมินผล",
                "Implementation, coordination, reporting, monitoring and evaluation",
                "Thực hiện, điều phối, báo cáo, theo dõi và đánh giá",
            ),
            "1.1.2": tx(
                "บริการช่วยเหลือผู้รอดชีวิตจากความรุนแรงด้วยเหตุแห่งเพศที่เข้าถึงได้ในพื้นที่ขัดแย้ง" + UNCHECKED_TH,
                "Accessible services for survivors of gender-based violence in conflict-affected areas"
                + UNCHECKED_EN,
            ),
            "2.1.1": tx(
                "ส่งเสริมให้สตรีเป็นผู้นำและมีส่วนร่วมในกระบวนการสันติภาพและการเจรจา" + UNCHECKED_TH,
                "Women's leadership and participation in peace processes and negotiations"
                + UNCHECKED_EN,
            ),
            "2.2.6": tx(
                "เพิ่มสัดส่วนสตรีในภาคความมั่นคงและในภารกิจรักษาสันติภาพ" + UNCHECKED_TH,
                "More women in the security sector and in peacekeeping missions" + UNCHECKED_EN,
            ),
            "3.1.4": tx(
                "ระบบเตือนภัยล่วงหน้าและการป้องกันความขัดแย้งที่คำนึงถึงมิติเพศภาวะ" + UNCHECKED_TH,
                "Gender-responsive early warning and conflict prevention" + UNCHECKED_EN,
            ),
            "4.1.2": tx(
                "การฟื้นฟูเยียวยาและการพัฒนาอาชีพที่คำนึงถึงความต้องการของสตรี" + UNCHECKED_TH,
                "Recovery and livelihood support that meets women's needs" + UNCHECKED_EN,
            ),
            "5.1.1": tx(
                "จัดทำและติดตามแผนปฏิบัติการระดับชาติว่าด้วยสตรี สันติภาพ และความมั่นคง" + UNCHECKED_TH,
                "Develop and monitor national action plans on women, peace and security"
                + UNCHECKED_EN,
            ),
        },
    },
    "sdg": {
        "name": tx(
            "เป้าหมายการพัฒนาที่ยั่งยืน (SDGs)",
            "Sustainable Development Goals",
            "Các Mục tiêu Phát triển Bền vững",
        ),
        "url": "https://unstats.un.org/sdgs/indicators/indicators-list/",
        "items": {
            "5.1.1": tx(
                "การมีกรอบกฎหมายที่ส่งเสริม บังคับใช้ และติดตามความเท่าเทียมและการไม่เลือกปฏิบัติบนพื้นฐานของเพศ",
                "Whether or not legal frameworks are in place to promote, enforce and monitor equality and "
                "non-discrimination on the basis of sex",
            ),
            "5.2.1": tx(
                "สัดส่วนของผู้หญิงและเด็กหญิงอายุ 15 ปีขึ้นไปที่เคยมีคู่ ซึ่งถูกคู่ปัจจุบันหรือคู่เดิมกระทำความรุนแรง"
                "ทางร่างกาย ทางเพศ หรือทางจิตใจในรอบ 12 เดือนที่ผ่านมา จำแนกตามรูปแบบความรุนแรงและอายุ",
                "Proportion of ever-partnered women and girls aged 15 years and older subjected to physical, sexual or "
                "psychological violence by a current or former intimate partner in the previous 12 months, by form of "
                "violence and by age",
            ),
            "5.2.2": tx(
                "สัดส่วนของผู้หญิงและเด็กหญิงอายุ 15 ปีขึ้นไปที่ถูกบุคคลซึ่งไม่ใช่คู่กระทำความรุนแรงทางเพศ"
                "ในรอบ 12 เดือนที่ผ่านมา จำแนกตามอายุและสถานที่เกิดเหตุ",
                "Proportion of women and girls aged 15 years and older subjected to sexual violence by persons other "
                "than an intimate partner in the previous 12 months, by age and place of occurrence",
            ),
            "5.5.1": tx(
                "สัดส่วนที่นั่งของผู้หญิงใน (ก) รัฐสภา และ (ข) องค์กรปกครองส่วนท้องถิ่น",
                "Proportion of seats held by women in (a) national parliaments and (b) local governments",
            ),
            "5.5.2": tx("สัดส่วนของผู้หญิงในตำแหน่งบริหาร", "Proportion of women in managerial positions"),
            "5.c.1": tx(
                "สัดส่วนของประเทศที่มีระบบติดตามและเปิดเผยการจัดสรรงบประมาณเพื่อความเท่าเทียมระหว่างเพศ"
                "และการเสริมพลังผู้หญิง",
                "Proportion of countries with systems to track and make public allocations for gender equality and "
                "women's empowerment",
            ),
            "16.1.1": tx(
                "จำนวนผู้เสียชีวิตจากการฆาตกรรมโดยเจตนาต่อประชากร 100,000 คน จำแนกตามเพศและอายุ",
                "Number of victims of intentional homicide per 100,000 population, by sex and age",
            ),
            "16.1.2": tx(
                "จำนวนผู้เสียชีวิตที่เกี่ยวเนื่องกับความขัดแย้งต่อประชากร 100,000 คน จำแนกตามเพศ อายุ และสาเหตุ",
                "Conflict-related deaths per 100,000 population, by sex, age and cause",
            ),
            "16.1.3": tx(
                "สัดส่วนของประชากรที่ถูกกระทำความรุนแรง (ก) ทางร่างกาย (ข) ทางจิตใจ และ (ค) ทางเพศ "
                "ในรอบ 12 เดือนที่ผ่านมา",
                "Proportion of population subjected to (a) physical violence, (b) psychological violence and "
                "(c) sexual violence in the previous 12 months",
            ),
            "16.1.4": tx(
                "สัดส่วนของประชากรที่รู้สึกปลอดภัยเมื่อเดินคนเดียวในละแวกที่อยู่อาศัยหลังมืดค่ำ",
                "Proportion of population that feel safe walking alone around the area they live after dark",
            ),
            "16.7.1": tx(
                "สัดส่วนของตำแหน่งในสถาบันระดับชาติและระดับท้องถิ่น ได้แก่ (ก) ฝ่ายนิติบัญญัติ (ข) ฝ่ายบริการสาธารณะ "
                "และ (ค) ฝ่ายตุลาการ เทียบกับการกระจายตัวของประชากรทั้งประเทศ จำแนกตามเพศ อายุ คนพิการ และกลุ่มประชากร",
                "Proportions of positions in national and local institutions, including (a) the legislatures; (b) the "
                "public service; and (c) the judiciary, compared to national distributions, by sex, age, persons with "
                "disabilities and population groups",
            ),
            "16.7.2": tx(
                "สัดส่วนของประชากรที่เชื่อว่าการตัดสินใจมีความครอบคลุมและตอบสนองต่อความต้องการ "
                "จำแนกตามเพศ อายุ ความพิการ และกลุ่มประชากร",
                "Proportion of population who believe decision-making is inclusive and responsive, by sex, age, "
                "disability and population group",
            ),
        },
    },
}
