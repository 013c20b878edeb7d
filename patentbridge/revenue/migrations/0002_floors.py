from django.db import migrations

FLOORS = [
    {"code": "national", "name": "国家", "licence_floor": "50", "equity_floor": "50", "profit_floor": "5",
     "main_contributor_floor": "50", "review_below": None, "verified": True,
     "source": "促进科技成果转化法（2015）第四十五条 [V]；国发〔2016〕16号：主要贡献人不低于奖励总额 50% [S]"},
    {"code": "guangdong", "name": "广东省", "licence_floor": "50", "equity_floor": "50", "profit_floor": "5",
     "main_contributor_floor": "50", "review_below": "70", "verified": False,
     "source": "广东省的比例未核实：2016 年《广东省自主创新促进条例》修改稿为 70%，省人才网（2018）为 60%（rules.md §3）。"
               "在核实前执行国家下限，低于 70% 的政策标记复核。"},
]


def seed(apps, schema_editor):
    floor = apps.get_model("revenue", "JurisdictionFloor")
    for row in FLOORS:
        floor.objects.update_or_create(code=row["code"], defaults=row)


class Migration(migrations.Migration):
    dependencies = [("revenue", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
