"""Places: ASEAN and its member states, Thailand's provinces and southern border districts, Viet Nam's provinces.

Thai provinces and districts come from the geothai package (official codes of the Department of
Provincial Administration). Viet Nam's 34 provincial-level units are those in force since
1 July 2025 (6 centrally governed cities, 28 provinces); Viet Nam has had no district level since
then. Their Thai names are transcriptions in common use and may differ from other spellings.
"""

from naptrack.geo.models import AreaLevel
from naptrack.geo.services import AreaSpec, thai_district_specs, thai_province_specs

REGION = AreaSpec(
    code="ASEAN", level=AreaLevel.REGION, name_th="อาเซียน", name_en="ASEAN", name_vi="ASEAN"
)

# Code (ISO 3166-1 alpha-2), Thai, English (as ASEAN writes it), Vietnamese.
MEMBER_STATES = (
    ("BN", "บรูไนดารุสซาลาม", "Brunei Darussalam", "Brunei"),
    ("KH", "กัมพูชา", "Cambodia", "Campuchia"),
    ("ID", "อินโดนีเซีย", "Indonesia", "Indonesia"),
    ("LA", "สปป.ลาว", "Lao PDR", "Lào"),
    ("MY", "มาเลเซีย", "Malaysia", "Malaysia"),
    ("MM", "เมียนมา", "Myanmar", "Myanmar"),
    ("PH", "ฟิลิปปินส์", "Philippines", "Philippines"),
    ("SG", "สิงคโปร์", "Singapore", "Singapore"),
    ("TH", "ไทย", "Thailand", "Thái Lan"),
    ("VN", "เวียดนาม", "Viet Nam", "Việt Nam"),
)

COUNTRIES = tuple(
    AreaSpec(
        code=code,
        level=AreaLevel.COUNTRY,
        name_th=th,
        name_en=en,
        name_vi=vi,
        iso_code=code,
        parent="ASEAN",
    )
    for code, th, en, vi in MEMBER_STATES
)

# The southern border provinces (จังหวัดชายแดนภาคใต้): Pattani, Yala, Narathiwat and four
# districts of Songkhla: Chana, Na Thawi, Thepha, Saba Yoi.
SOUTHERN_BORDER_PROVINCES = ("94", "95", "96")
SOUTHERN_BORDER_DISTRICTS = ("9003", "9004", "9005", "9006")
SOUTHERN_BORDER_GROUP = {
    "code": "southern-border",
    "name_th": "จังหวัดชายแดนภาคใต้",
    "name_en": "Southern border provinces",
    "name_vi": "Các tỉnh biên giới miền Nam Thái Lan",
    "area_codes": [f"TH-{c}" for c in SOUTHERN_BORDER_PROVINCES + SOUTHERN_BORDER_DISTRICTS],
}

# Official code, Vietnamese, English (without diacritics), Thai; cities first in the order of their codes.
VIETNAM_PROVINCES = (
    ("01", "Hà Nội", "Ha Noi", "ฮานอย"),
    ("04", "Cao Bằng", "Cao Bang", "กาวบั่ง"),
    ("08", "Tuyên Quang", "Tuyen Quang", "เตวียนกวาง"),
    ("11", "Điện Biên", "Dien Bien", "เดียนเบียน"),
    ("12", "Lai Châu", "Lai Chau", "ลายเจิว"),
    ("14", "Sơn La", "Son La", "เซินลา"),
    ("15", "Lào Cai", "Lao Cai", "หล่าวกาย"),
    ("19", "Thái Nguyên", "Thai Nguyen", "ท้ายเงวียน"),
    ("20", "Lạng Sơn", "Lang Son", "ลางเซิน"),
    ("22", "Quảng Ninh", "Quang Ninh", "กว๋างนิญ"),
    ("24", "Bắc Ninh", "Bac Ninh", "บั๊กนิญ"),
    ("25", "Phú Thọ", "Phu Tho", "ฟู้เถาะ"),
    ("31", "Hải Phòng", "Hai Phong", "ไฮฟอง"),
    ("33", "Hưng Yên", "Hung Yen", "ฮึงเอียน"),
    ("37", "Ninh Bình", "Ninh Binh", "นิญบิ่ญ"),
    ("38", "Thanh Hóa", "Thanh Hoa", "ทัญฮว้า"),
    ("40", "Nghệ An", "Nghe An", "เหงะอาน"),
    ("42", "Hà Tĩnh", "Ha Tinh", "ห่าติ๋ญ"),
    ("44", "Quảng Trị", "Quang Tri", "กว๋างจิ"),
    ("46", "Huế", "Hue", "เว้"),
    ("48", "Đà Nẵng", "Da Nang", "ดานัง"),
    ("51", "Quảng Ngãi", "Quang Ngai", "กว๋างหงาย"),
    ("52", "Gia Lai", "Gia Lai", "ซาลาย"),
    ("56", "Khánh Hòa", "Khanh Hoa", "คั้ญฮหว่า"),
    ("66", "Đắk Lắk", "Dak Lak", "ดั๊กลัก"),
    ("68", "Lâm Đồng", "Lam Dong", "เลิมด่ง"),
    ("75", "Đồng Nai", "Dong Nai", "ด่งนาย"),
    ("79", "TP. Hồ Chí Minh", "Ho Chi Minh City", "นครโฮจิมินห์"),
    ("80", "Tây Ninh", "Tay Ninh", "เต็ยนิญ"),
    ("82", "Đồng Tháp", "Dong Thap", "ด่งท้าป"),
    ("86", "Vĩnh Long", "Vinh Long", "หวิญล็อง"),
    ("91", "An Giang", "An Giang", "อานซาง"),
    ("92", "Cần Thơ", "Can Tho", "เกิ่นเทอ"),
    ("96", "Cà Mau", "Ca Mau", "ก่าเมา"),
)
VIETNAM_CITIES = ("01", "31", "46", "48", "79", "92")


def area_specs() -> list[AreaSpec]:
    """Return every area the demo needs, parents before children."""
    vietnam = [
        AreaSpec(
            code=f"VN-{code}",
            level=AreaLevel.PROVINCE,
            name_th=th,
            name_en=en,
            name_vi=vi,
            official_code=code,
            parent="VN",
        )
        for code, vi, en, th in VIETNAM_PROVINCES
    ]
    return [
        REGION,
        *COUNTRIES,
        *thai_province_specs("TH"),
        *thai_district_specs(SOUTHERN_BORDER_DISTRICTS),
        *vietnam,
    ]
