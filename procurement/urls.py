"""Joint procurement's pages, mounted at /procurement/ by kyodo/urls.py."""

from django.urls import path

from procurement.views import detail, prefecture, vendor

app_name = "procurement"

urlpatterns = [
    path("", detail.procurement_index, name="list"),
    path("new/", prefecture.procurement_new, name="new"),
    path("<int:pk>/", detail.procurement_detail, name="detail"),
    path("<int:pk>/survey/", prefecture.survey, name="survey"),
    path("<int:pk>/publish/", prefecture.publish, name="publish"),
    path("<int:pk>/amend/", prefecture.amend, name="amend"),
    path("<int:pk>/cancel/", prefecture.cancel, name="cancel"),
    path("<int:pk>/open/", prefecture.open_bids, name="open"),
    path("<int:pk>/scores/", prefecture.scores, name="scores"),
    path("<int:pk>/award/", prefecture.award, name="award"),
    path("<int:pk>/contract/", prefecture.contract, name="contract"),
    path("<int:pk>/tabulation/", detail.tabulation, name="tabulation"),
    path("<int:pk>/tabulation.<str:file_format>", detail.tabulation, name="tabulation_file"),
    path("<int:pk>/bid/", vendor.bid_new, name="bid_new"),
    path("<int:pk>/questions/", vendor.question, name="question"),
    path("<int:pk>/reasons/", vendor.reasons, name="reasons"),
    path("questions/<int:pk>/answer/", prefecture.clarification_reply, name="answer"),
    path("reasons/<int:pk>/answer/", prefecture.reasons_reply, name="reasons_answer"),
    path("bids/<uuid:pk>/", vendor.bid_detail, name="bid"),
    path("bids/<uuid:pk>/withdraw/", vendor.bid_withdrawal, name="bid_withdraw"),
    path("bids/<uuid:pk>/confirm/", vendor.bid_confirmation, name="bid_confirm"),
]
