from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, register_converter
from django.utils.translation import gettext_lazy as _

from portal.params import YearConverter


class ExportFormat:
    """The file formats a list can be exported to: `<fmt:fmt>` in URL patterns."""

    regex = "xlsx|csv"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ExportFormat, "fmt")
register_converter(YearConverter, "year")

admin.site.site_header = _("履职通 · 系统管理")
admin.site.site_title = _("履职通")

urlpatterns = [
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("admin/", admin.site.urls),
    path("", include("organisation.urls")),
    path("committees/", include("committees.urls")),
    path("", include("members.urls")),
    path("evaluation/", include("evaluation.urls")),
    path("proposals/", include("proposals.urls")),
    path("notices/", include("notices.urls")),
    path("opinions/", include("public_opinion.urls")),
    path("consultations/", include("consultations.urls")),
    path("archives/", include("archives.urls")),
    path("", include("portal.urls")),
]

handler400 = "portal.errors.bad_request"
handler404 = "portal.errors.page_not_found"
handler500 = "portal.errors.server_error"
handler403 = "portal.errors.permission_denied"
