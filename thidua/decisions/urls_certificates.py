"""Certificate and verification pages (included at the end of thidua/decisions/urls.py).

The verification pages are public: the QR code on every certificate points to /xac-minh/<code>/.
"""
from django.urls import path

from thidua.decisions import views_certificates as views

urlpatterns = [
    path("khen-thuong/quyet-dinh/<int:pk>/giay-chung-nhan/", views.decision_certificates, name="certificates-decision"),
    path("khen-thuong/quyet-dinh/<int:pk>/giay-chung-nhan.pdf", views.decision_certificates_pdf, name="certificates-decision-pdf"),
    path("khen-thuong/quyet-dinh/muc/<int:pk>/giay-chung-nhan.pdf", views.item_certificate_pdf, name="certificates-item-pdf"),
    path("khen-thuong/phoi/to-chuc/<str:code>/", views.certificate_forms, name="certificates-forms"),
    path("khen-thuong/phoi/<int:pk>/", views.certificate_form_edit, name="certificates-form"),
    path("khen-thuong/phoi/<int:pk>/in-thu.pdf", views.certificate_form_test_print, name="certificates-form-test-print"),
    path("xac-minh/", views.verify_index, name="verify-index"),
    path("xac-minh/<str:code>/", views.verify, name="verify"),
]
