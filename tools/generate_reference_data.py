#!/usr/bin/env python3
"""Regenerate Haven's reference data files from public packages.

Dev-time only: Haven never runs Python. The files it writes live in
crates/store/reference/ and are embedded in the binary by the store crate.

    python3 -m pip install vietnamadminunits==1.0.4 pycountry==26.2.16
    python3 tools/generate_reference_data.py

Sources
- vietnamadminunits (PyPI, GSO codes): the 34 provinces / 3,321 communes valid
  from 1 July 2025, the 63 provinces / districts / communes in force before, and
  the converter tables that map every legacy commune to its 2025 commune.
- pycountry (PyPI, Debian iso-codes): ISO 3166-1 alpha-2 codes and English
  names; the Vietnamese names are kept by hand in tools/country_names_vi.csv,
  as the Ministry of Foreign Affairs writes them (Campuchia, Áo, Bru-nây).
- The 54 ethnic groups with their GSO codes (Decision 121-TCTK/PPCĐ, 1979) are
  written out here: no maintained package carries them.
"""
import csv
import json
import sqlite3
import sys
from pathlib import Path

import pycountry
import vietnamadminunits

OUT = Path(__file__).resolve().parent.parent / "crates" / "store" / "reference"
PKG = Path(vietnamadminunits.__file__).parent / "data"
NEW_FROM = "2025-07-01"
LEGACY_TO = "2025-06-30"

PROVINCE_TYPES = {"Thành phố": "centrally_run_city", "Tỉnh": "province"}
DISTRICT_TYPES = {"Quận": "urban_district", "Huyện": "rural_district",
                  "Thị xã": "district_town", "Thành phố": "provincial_city"}
COMMUNE_TYPES = {"Xã": "commune", "Phường": "ward", "Thị trấn": "township",
                 "Đặc khu": "special_zone"}


def province_type(name):
    return PROVINCE_TYPES["Thành phố" if name.startswith("Thành phố") else "Tỉnh"]


def main():
    db = sqlite3.connect(PKG / "dataset.db")
    conv = json.loads((PKG / "converter_2025.json").read_text(encoding="utf-8"))
    units, successors = [], []

    # 2025 units: province and commune, no district level.
    new_by_key = {}
    new_province_by_key = {}
    rows = db.execute("select province, provinceCode, provinceKey, ward, wardType, wardCode, wardKey "
                      "from admin_units order by provinceCode, wardCode").fetchall()
    for prov, pcode, pkey, ward, wtype, wcode, wkey in rows:
        pid = f"2025/{pcode}"
        if pkey not in new_province_by_key:
            new_province_by_key[pkey] = pid
            units.append(dict(id=pid, generation="2025", gso_code=pcode, name=prov, level="province",
                              unit_type=province_type(prov), parent_id="", valid_from=NEW_FROM, valid_to=""))
        wid = f"{pid}/{wcode}"
        new_by_key[(pkey, wkey)] = wid
        units.append(dict(id=wid, generation="2025", gso_code=wcode, name=ward, level="commune",
                          unit_type=COMMUNE_TYPES[wtype], parent_id=pid, valid_from=NEW_FROM, valid_to=""))

    # Legacy units: province, district, commune. Five island districts have no commune.
    legacy_provinces, legacy_districts = {}, {}
    legacy_communes = []
    rows = db.execute("select province, provinceCode, provinceKey, district, districtType, districtCode, districtKey, "
                      "ward, wardType, wardCode, wardKey from admin_units_legacy "
                      "order by provinceCode, districtCode, wardCode").fetchall()
    for prov, pcode, pkey, dist, dtype, dcode, dkey, ward, wtype, wcode, wkey in rows:
        pid = f"legacy/{pcode}"
        if pid not in legacy_provinces:
            legacy_provinces[pid] = pkey
            units.append(dict(id=pid, generation="legacy", gso_code=pcode, name=prov, level="province",
                              unit_type=province_type(prov), parent_id="", valid_from="", valid_to=LEGACY_TO))
        did = f"{pid}/{dcode}"
        if did not in legacy_districts:
            legacy_districts[did] = (pkey, dkey, wcode is None)
            units.append(dict(id=did, generation="legacy", gso_code=dcode, name=dist, level="district",
                              unit_type=DISTRICT_TYPES[dtype], parent_id=pid, valid_from="", valid_to=LEGACY_TO))
        if wcode is None:
            continue
        cid = f"{did}/{wcode}"
        legacy_communes.append((cid, f"{pkey}_{dkey}_{wkey}", pkey))
        units.append(dict(id=cid, generation="legacy", gso_code=wcode, name=ward, level="commune",
                          unit_type=COMMUNE_TYPES[wtype], parent_id=did, valid_from="", valid_to=LEGACY_TO))

    new_province_of = {old: new for new, olds in conv["DICT_PROVINCE"].items() for old in olds}
    whole = {}  # legacy key -> 2025 commune key, for communes moved whole into one 2025 commune
    for new_pkey, wards in conv["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_wkey, old_keys in wards.items():
            for old_key in old_keys:
                whole[old_key] = (new_pkey, new_wkey)

    def successors_of(old_key, old_pkey):
        new_pkey = new_province_of[old_pkey]
        if old_key in whole:
            return [(new_by_key[whole[old_key]], True)]
        parts = conv["DICT_PROVINCE_WARD_DIVIDED"].get(new_pkey, {}).get(old_key, [])
        return [(new_by_key[(new_pkey, p["newWardKey"])], p["isDefaultNewWard"]) for p in parts]

    missing = []
    for cid, old_key, old_pkey in legacy_communes:
        found = successors_of(old_key, old_pkey)
        if sum(1 for _, primary in found if primary) != 1:
            missing.append(cid)
        successors += [dict(legacy_id=cid, successor_id=s, is_primary=int(p)) for s, p in found]
    for did, (pkey, dkey, is_island) in legacy_districts.items():
        if is_island:
            successors += [dict(legacy_id=did, successor_id=s, is_primary=int(p))
                           for s, p in successors_of(f"{pkey}_{dkey}_", pkey)]
    for pid, pkey in legacy_provinces.items():
        successors.append(dict(legacy_id=pid, successor_id=new_province_by_key[new_province_of[pkey]], is_primary=1))
    if missing:
        sys.exit(f"{len(missing)} legacy communes have no single primary 2025 successor, e.g. {missing[:5]}")

    write(OUT / "admin_units.csv", units)
    write(OUT / "admin_unit_successors.csv", successors)
    write(OUT / "ethnic_groups.csv", [dict(code=f"{i:02d}", name_vi=vi, name_en=en) for i, (vi, en) in enumerate(ETHNIC_GROUPS, 1)])
    write(OUT / "countries.csv", countries())
    print(f"{sum(u['generation'] == '2025' and u['level'] == 'province' for u in units)} provinces and "
          f"{sum(u['generation'] == '2025' and u['level'] == 'commune' for u in units)} communes from 2025; "
          f"{len(legacy_provinces)} provinces, {len(legacy_districts)} districts, {len(legacy_communes)} communes legacy; "
          f"{len(successors)} successor links")


def countries():
    # Vietnamese names as the Ministry of Foreign Affairs writes them, kept by
    # hand in country_names_vi.csv (pycountry's Vietnamese catalogue is a
    # poor transliteration); every ISO code must have one.
    with open(Path(__file__).with_name("country_names_vi.csv"), encoding="utf-8") as f:
        vi = {row["code"]: row["name_vi"] for row in csv.DictReader(f)}
    out = []
    for c in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        name_en = getattr(c, "common_name", None) or c.name
        out.append(dict(code=c.alpha_2, name_vi=vi[c.alpha_2], name_en=name_en))
    return out


def write(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0].keys()), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


# GSO codes 01..54, in order (Decision 121-TCTK/PPCĐ, 2 March 1979).
ETHNIC_GROUPS = [
    ("Kinh", "Kinh (Viet)"), ("Tày", "Tay"), ("Thái", "Thai"), ("Hoa", "Hoa (Chinese)"), ("Khơ-me", "Khmer"),
    ("Mường", "Muong"), ("Nùng", "Nung"), ("Hmông", "Hmong"), ("Dao", "Dao"), ("Gia-rai", "Gia Rai"),
    ("Ngái", "Ngai"), ("Ê-đê", "Ede"), ("Ba-na", "Ba Na"), ("Xơ-đăng", "Xo Dang"), ("Sán Chay", "San Chay"),
    ("Cơ-ho", "Co Ho"), ("Chăm", "Cham"), ("Sán Dìu", "San Diu"), ("Hrê", "Hre"), ("Mnông", "Mnong"),
    ("Ra-glai", "Ra Glai"), ("Xtiêng", "Xtieng"), ("Bru-Vân Kiều", "Bru-Van Kieu"), ("Thổ", "Tho"), ("Giáy", "Giay"),
    ("Cơ-tu", "Co Tu"), ("Gié-Triêng", "Gie Trieng"), ("Mạ", "Ma"), ("Khơ-mú", "Kho Mu"), ("Co", "Co"),
    ("Tà-ôi", "Ta Oi"), ("Chơ-ro", "Cho Ro"), ("Kháng", "Khang"), ("Xinh-mun", "Xinh Mun"), ("Hà Nhì", "Ha Nhi"),
    ("Chu-ru", "Chu Ru"), ("Lào", "Lao"), ("La Chí", "La Chi"), ("La Ha", "La Ha"), ("Phù Lá", "Phu La"),
    ("La Hủ", "La Hu"), ("Lự", "Lu"), ("Lô Lô", "Lo Lo"), ("Chứt", "Chut"), ("Mảng", "Mang"),
    ("Pà Thẻn", "Pa Then"), ("Cờ Lao", "Co Lao"), ("Cống", "Cong"), ("Bố Y", "Bo Y"), ("Si La", "Si La"),
    ("Pu Péo", "Pu Peo"), ("Brâu", "Brau"), ("Ơ-đu", "O Du"), ("Rơ-măm", "Ro Mam"),
]
assert len(ETHNIC_GROUPS) == 54

if __name__ == "__main__":
    main()
