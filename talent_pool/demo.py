"""Demo data for the talent pool: 25 specialists based across 大分県 (the demo account
デジタル 太郎 among them), a dozen open requests from towns of every size (姫島村 included),
three engagements running since last month with their hours, and open spot-consultation
slots over the coming office days.

Names are invented. Everything is written through the services (the coordinator keeps the
profiles, each town's DX office writes and submits its requests, a proposal matched the
running engagements, the specialists log their own hours); idempotent: nothing is added
once the pool has specialists.
"""

import datetime

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django_tenants.utils import get_public_schema_name

from kyodo.accounts.demo import demo_town_lead
from kyodo.accounts.models import Membership, Role, User
from kyodo.office_days import is_office_open, open_day_on_or_after
from talent_pool.models import Skill, Specialist
from talent_pool.services.consultations import slot_publish
from talent_pool.services.engagements import time_entry_log
from talent_pool.services.proposals import match_accept, proposal_run
from talent_pool.services.requests import support_request_create, support_request_submit
from talent_pool.services.specialists import specialist_save
from tenants.models import Municipality

DEMO_SPECIALIST_EMAIL = "specialist@talent.example"
S, C, K, V = "shared_cio_adviser", "contracted_expert", "secondee", "vendor_provided"
ON, REMOTE = "on_site_ok", "remote_only"
# name, engagement type, home, way of working, hours a month, towns at once, skills
SPECIALISTS = [
    ("デジタル 太郎", C, "442011", ON, 40, 3, {"security_manager": 3, "cloud_engineer": 3}),
    ("安心院 和也", S, "442011", ON, 60, 4, {"business_architect": 4, "security_manager": 2}),
    ("宇佐美 早苗", S, "442119", ON, 60, 4, {"business_architect": 3, "service_designer": 3}),
    ("臼井 健司", C, "442062", ON, 30, 2, {"security_engineer": 4, "security_manager": 3}),
    ("大神 美穂", K, "442020", ON, 80, 2, {"business_architect": 3, "data_business_strategist": 2}),
    ("鶴見 亮", C, "442020", REMOTE, 20, 3, {"data_engineer": 4, "data_business_strategist": 3}),
    ("中津 理沙", V, "442038", ON, 40, 2, {"backend_engineer": 3, "cloud_engineer": 3}),
    ("日田 誠", C, "442046", ON, 24, 2, {"ux_ui_designer": 3, "service_designer": 2}),
    ("佐伯 直樹", S, "442054", ON, 60, 3, {"business_architect": 3, "security_manager": 2}),
    ("津久見 愛", C, "442071", REMOTE, 16, 2, {"ux_ui_designer": 4}),
    ("竹田 浩一", K, "442089", ON, 80, 2, {"business_architect": 2, "data_business_strategist": 2}),
    ("高田 由美", C, "442097", ON, 20, 2, {"security_manager": 3}),
    ("杵築 翔太", V, "442101", ON, 40, 2, {"cloud_engineer": 4, "backend_engineer": 3}),
    ("大野 里香", C, "442127", REMOTE, 24, 3, {"data_engineer": 3, "backend_engineer": 2}),
    ("由布 大輔", S, "442135", ON, 60, 3, {"business_architect": 3, "service_designer": 2}),
    ("国東 真央", C, "442143", ON, 16, 1, {"security_engineer": 3}),
    ("姫野 修", K, "443221", ON, 80, 1, {"business_architect": 2, "service_designer": 2}),
    ("日出 千尋", C, "443417", REMOTE, 20, 2, {"data_business_strategist": 3, "data_engineer": 2}),
    ("九重 拓海", C, "444618", ON, 16, 2, {"cloud_engineer": 2, "backend_engineer": 2}),
    ("玖珠 恵", V, "444626", ON, 40, 2, {"backend_engineer": 3, "ux_ui_designer": 2}),
    ("府内 陽介", C, "442011", REMOTE, 30, 4, {"security_manager": 4, "security_engineer": 3}),
    ("城島 綾", C, "442020", ON, 24, 2, {"service_designer": 3, "ux_ui_designer": 3}),
    ("耶馬 浩二", S, "442038", ON, 60, 3, {"business_architect": 3, "cloud_engineer": 2}),
    ("豊後 桜", C, "442127", ON, 20, 2, {"data_business_strategist": 3}),
    ("臨海 悟", V, "442011", ON, 40, 3, {"security_engineer": 3, "cloud_engineer": 3}),
]
# town, theme, title, hours a month, on-site %, priority, skills, reason
OPEN_REQUESTS = [
    ("443221", "security", "情報セキュリティポリシーの見直しと職員研修", 12, 50, "high",
     {"security_manager": 2}, "ポリシーが平成30年のままで、クラウド利用に対応していません。"),
    ("444618", "online_application", "電子申請の対象手続の拡大", 16, 25, "normal",
     {"business_architect": 2, "service_designer": 2}, "子育て関係の手続をオンライン化したい。"),
    ("444626", "standardisation", "標準準拠システムへの移行の進捗管理", 20, 25, "high",
     {"cloud_engineer": 2, "backend_engineer": 2},
     "移行期限までの工程管理を担える職員がいません。"),
    ("443417", "bpr", "窓口業務の業務改善（書かない窓口）", 16, 50, "normal",
     {"business_architect": 2}, "窓口の待ち時間を短くしたい。"),
    ("442089", "data", "人口動態データの分析と可視化", 12, 0, "normal",
     {"data_business_strategist": 2}, "総合計画の見直しに使う分析ができる職員がいません。"),
    ("442143", "security", "庁内ネットワークの脆弱性診断の立会い", 8, 75, "normal",
     {"security_engineer": 3}, "委託業者の診断結果を評価できる人がいません。"),
    ("442071", "online_application", "ウェブサイトのアクセシビリティ改善", 8, 0, "low",
     {"ux_ui_designer": 3}, "高齢の住民から読みにくいという声があります。"),
    ("442097", "dx_planning", "DX推進計画の策定支援", 16, 50, "high",
     {"business_architect": 3}, "計画の素案づくりから伴走してほしい。"),
    ("442054", "standardisation", "ガバメントクラウドの運用経費の見積り精査", 12, 0, "normal",
     {"cloud_engineer": 3}, "運用経費が想定より高く、妥当性を確認したい。"),
    ("442011", "data", "オープンデータの整備と公開", 20, 0, "low",
     {"data_engineer": 2, "data_business_strategist": 2}, "推奨データセットの公開を進めたい。"),
    ("442020", "security", "標的型攻撃メール訓練の企画", 8, 25, "normal",
     {"security_manager": 2}, "訓練を毎年実施したいが、企画できる人がいません。"),
    ("442135", "bpr", "RPAの導入対象業務の選定", 12, 25, "normal",
     {"business_architect": 2, "backend_engineer": 1}, "どの業務から自動化すべきか決めたい。"),
]
# Engagements running since the first day of last month: town, title, specialist, skills.
RUNNING = [
    ("443221", "security", "庁内LANの更新に伴うセキュリティ対策", "デジタル 太郎",
     {"security_manager": 2}),
    ("442089", "dx_planning", "DX推進体制の立上げ支援", "竹田 浩一", {"business_architect": 2}),
    ("444626", "online_application", "子育て手続のオンライン化", "宇佐美 早苗",
     {"service_designer": 2}),
]
SLOT_HOURS = (10, 14)


def _person(name: str, index: int) -> User:
    """The demo account for デジタル 太郎; an account that cannot sign in for the others."""
    if name == SPECIALISTS[0][0]:
        return User.objects.get(email=DEMO_SPECIALIST_EMAIL)
    user, _ = User.objects.get_or_create(
        email=f"specialist{index:02d}@talent.example",
        defaults={"full_name": name, "password": make_password(None)})
    Membership.objects.get_or_create(
        user=user, role=Role.SPECIALIST,
        municipality=Municipality.objects.get(schema_name=get_public_schema_name()))
    return user


def _skills(levels: dict) -> dict:
    return {Skill.objects.get(code=code): level for code, level in levels.items()}


def _request(town, lead, theme, title, hours, on_site, priority, skills, reason, start, end):
    request = support_request_create(
        actor=lead, municipality=town, skills=_skills(skills),
        data={"theme": theme, "title": title, "hours_per_month": hours, "period_from": start,
              "period_until": end, "on_site_percent": on_site, "priority": priority,
              "reason": reason})
    return support_request_submit(actor=lead, request=request)


def _month_start(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def create_demo_data() -> None:
    if Specialist.objects.exists():
        return
    coordinator = Membership.objects.filter(role=Role.PREFECTURE_COORDINATOR).first().user
    towns = {town.lg_code: town for town in Municipality.objects.exclude(
        schema_name=get_public_schema_name())}
    today = timezone.localdate()
    with transaction.atomic():
        specialists = {}
        for index, (name, kind, home, mode, hours, max_towns, skills) in enumerate(SPECIALISTS):
            specialists[name] = specialist_save(
                actor=coordinator, skills=_skills(skills),
                data={"name": name, "engagement_type": kind, "home": towns[home],
                      "work_mode": mode, "monthly_capacity_hours": hours,
                      "max_towns": max_towns, "user": _person(name, index)})
        last_month = _month_start(today, -1)
        end = _month_start(today, 6) - datetime.timedelta(days=1)
        running = []
        for lg_code, theme, title, name, skills in RUNNING:
            request = _request(towns[lg_code], demo_town_lead(towns[lg_code]), theme, title, 12,
                               25, "normal", skills, "県の支援で進めています。", last_month, end)
            running.append((request, specialists[name]))
        proposal = proposal_run(actor=coordinator)
        for request, specialist in running:
            match = proposal.matches.get(request=request)
            engagement = match_accept(actor=coordinator, match=match, specialist=specialist,
                                      hours=12, started_on=last_month)
            _log_hours(engagement, specialist, last_month, today)
        next_month = _month_start(today, 1)
        for lg_code, theme, title, hours, on_site, priority, skills, reason in OPEN_REQUESTS:
            _request(towns[lg_code], demo_town_lead(towns[lg_code]), theme, title, hours,
                     on_site, priority, skills, reason, next_month, _month_start(today, 7)
                     - datetime.timedelta(days=1))
        _slots(specialists, today)


def _log_hours(engagement, specialist, first: datetime.date, today: datetime.date) -> None:
    """Three hours on each office Tuesday and Thursday from the engagement's start."""
    day = first
    while day < today:
        if day.weekday() in (1, 3) and is_office_open(day):
            time_entry_log(actor=specialist.user, engagement=engagement, day=day, hours=3,
                           note="定例打合せと資料作成")
        day += datetime.timedelta(days=1)


def _slots(specialists: dict, today: datetime.date) -> None:
    """Two one-hour slots on each of the next five office days, from five specialists."""
    offering = [specialists[name] for name in ("デジタル 太郎", "安心院 和也", "鶴見 亮",
                                               "日田 誠", "府内 陽介")]
    day = open_day_on_or_after(today + datetime.timedelta(days=1))
    for specialist in offering:
        for hour in SLOT_HOURS:
            starts_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
            slot_publish(actor=specialist.user, specialist=specialist, starts_at=starts_at,
                         online=hour == SLOT_HOURS[0])
        day = open_day_on_or_after(day + datetime.timedelta(days=1))
