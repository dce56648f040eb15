"""Breakdown dimensions and their options. Province and member-state options are made from the areas."""

from naptrack.demo.data.schema import tx

# code: (names, [(option code, names), …]); "province" and "member-state" take their options from areas.
DIMENSIONS = {
    "sex": (
        tx("เพศ", "Sex", "Giới tính"),
        [
            ("female", tx("หญิง", "Female", "Nữ")),
            ("male", tx("ชาย", "Male", "Nam")),
            ("not-stated", tx("ไม่ระบุ", "Not stated", "Không xác định")),
        ],
    ),
    "age-group": (
        tx("ช่วงอายุ", "Age group", "Nhóm tuổi"),
        [
            ("0-17", tx("0–17 ปี", "0–17 years", "0–17 tuổi")),
            ("18-24", tx("18–24 ปี", "18–24 years", "18–24 tuổi")),
            ("25-59", tx("25–59 ปี", "25–59 years", "25–59 tuổi")),
            ("60-plus", tx("60 ปีขึ้นไป", "60 years and over", "Từ 60 tuổi trở lên")),
        ],
    ),
    "province": (tx("จังหวัด", "Province (Thailand)", "Tỉnh (Thái Lan)"), "TH"),
    "disability": (
        tx("ความพิการ", "Disability", "Khuyết tật"),
        [
            ("with", tx("มีความพิการ", "With disability", "Có khuyết tật")),
            ("without", tx("ไม่มีความพิการ", "Without disability", "Không khuyết tật")),
        ],
    ),
    "member-state": (
        tx("ประเทศสมาชิกอาเซียน", "ASEAN Member State", "Quốc gia thành viên ASEAN"),
        "ASEAN",
    ),
}
